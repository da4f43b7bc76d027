package io.weir.controlplane.catalog;

import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.view.CatalogServiceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Catalog service views for the resource tests. */
final class Samples {

    private Samples() {
    }

    static CatalogServiceView service(String id, String organization, String name, CatalogServiceKind kind,
                                      List<String> tags, boolean removed) {
        boolean rest = kind == CatalogServiceKind.REST;
        return CatalogServiceView.newBuilder()
                .setServiceId(id)
                .setOrganization(organization)
                .setVersion(3)
                .setName(name)
                .setSpec(CatalogServiceSpec.newBuilder()
                        .setVersion("1")
                        .setKind(kind)
                        .setDefinition(rest
                                ? new ApiDefinition(DefinitionFormat.OPENAPI_3_0, CatalogServicesResourceTest.PETSTORE, "application/yaml")
                                : new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0, CatalogServicesResourceTest.CDC_ORDERS, "application/json"))
                        .setEndpoint(rest ? "https://pets.internal/v1" : null)
                        .setKafkaTopic(rest ? null : "weir.cdc.shop.public.orders")
                        .setTags(new ArrayList<>(tags))
                        .build())
                .setPreviousVersions(List.of())
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setRemoved(removed)
                .build();
    }
}
