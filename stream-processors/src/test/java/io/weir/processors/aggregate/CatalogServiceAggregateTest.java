package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.INVALID_DEFINITION;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceRegistered;
import io.weir.schema.catalog.CatalogServiceRemoved;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.catalog.CatalogServiceUpdated;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.view.CatalogServiceView;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogServiceAggregateTest {

    private static final String NAME = "shop.public.orders";
    private static final String ID = CatalogServiceIds.of(ORGANIZATION, NAME);
    private static final CatalogServiceSpec V1 = stream("1", "{\"asyncapi\":\"3.0.0\",\"info\":{\"version\":\"1\"}}");
    private static final CatalogServiceSpec V2 = stream("2", "{\"asyncapi\":\"3.0.0\",\"info\":{\"version\":\"2\"}}");
    private static final CatalogServiceRegistered REGISTERED = new CatalogServiceRegistered(NAME, V1);

    private final AggregateScenario<CatalogServiceView> service = scenario(new CatalogServiceAggregate(), ID);

    @Test
    void registersAServiceOncePerName() {
        service.when(new RegisterCatalogService(NAME, V1)).thenEvents(REGISTERED);
        service.when(new RegisterCatalogService(NAME, V2)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void theIdIsDerivedFromOrganizationAndName() {
        scenario(new CatalogServiceAggregate(), "some-id").when(new RegisterCatalogService(NAME, V1))
                .thenRejected(INVALID_COMMAND, "/aggregateId");
        assertThat(CatalogServiceIds.of(ORGANIZATION, "Shop.Public.Orders")).as("names compare case-insensitively")
                .isEqualTo(ID);
        assertThat(CatalogServiceIds.of("other", NAME)).isNotEqualTo(ID);
    }

    @Test
    void aVersionIsCheckedBeforeItIsRegistered() {
        service.when(new RegisterCatalogService(" ", V1)).thenRejected(INVALID_COMMAND, "/payload/name");
        service.when(new RegisterCatalogService(NAME, CatalogServiceSpec.newBuilder(V1).setVersion("").build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/version");
        service.when(new RegisterCatalogService(NAME, CatalogServiceSpec.newBuilder(V1)
                        .setKind(CatalogServiceKind.UNSPECIFIED).build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/kind");
        service.when(new RegisterCatalogService(NAME, CatalogServiceSpec.newBuilder(V1).setKafkaTopic(null).build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/kafkaTopic");
        service.when(new RegisterCatalogService(NAME, CatalogServiceSpec.newBuilder(V1)
                        .setDefinition(new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0, " ", "application/json")).build()))
                .thenRejected(INVALID_DEFINITION, "/payload/spec/definition/content");
        service.when(new RegisterCatalogService(NAME, CatalogServiceSpec.newBuilder(V1).setTags(List.of("cdc", "")).build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/tags/1");
    }

    @Test
    void aRestServiceHasAnOpenApiDocumentAndAnEndpoint() {
        CatalogServiceSpec rest = CatalogServiceSpec.newBuilder()
                .setVersion("1.0.0").setKind(CatalogServiceKind.REST)
                .setDefinition(new ApiDefinition(DefinitionFormat.OPENAPI_3_0, "{\"openapi\":\"3.0.3\"}", "application/json"))
                .setEndpoint("https://pets.internal/v1")
                .build();
        String petsId = CatalogServiceIds.of(ORGANIZATION, "pets");
        scenario(new CatalogServiceAggregate(), petsId).when(new RegisterCatalogService("pets", rest))
                .thenEvents(new CatalogServiceRegistered("pets", rest));
        scenario(new CatalogServiceAggregate(), petsId)
                .when(new RegisterCatalogService("pets", CatalogServiceSpec.newBuilder(rest).setEndpoint(null).build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/endpoint");
        scenario(new CatalogServiceAggregate(), petsId)
                .when(new RegisterCatalogService("pets", CatalogServiceSpec.newBuilder(rest).setEndpoint("ftp://x").build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/endpoint");
        scenario(new CatalogServiceAggregate(), petsId)
                .when(new RegisterCatalogService("pets", CatalogServiceSpec.newBuilder(rest).setDefinition(V1.getDefinition()).build()))
                .thenRejected(INVALID_DEFINITION, "/payload/spec/definition/format");
    }

    @Test
    void anUpdateIsANewVersion() {
        service.given(REGISTERED).when(new UpdateCatalogService(V2)).thenEvents(new CatalogServiceUpdated(NAME, "1", V2));

        CatalogServiceView view = service.state();
        assertThat(view.getSpec()).isEqualTo(V2);
        assertThat(view.getPreviousVersions()).containsExactly("1");
        assertThat(view.getVersion()).isEqualTo(2L);
    }

    @Test
    void anUpdateMustChangeSomethingAndANewDocumentNeedsANewVersion() {
        service.given(REGISTERED);
        service.when(new UpdateCatalogService(V1)).thenRejected(INVALID_COMMAND, "/payload/spec");
        service.when(new UpdateCatalogService(CatalogServiceSpec.newBuilder(V2).setVersion("1").build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/version");
        service.when(new UpdateCatalogService(CatalogServiceSpec.newBuilder(V1).setDescription("orders, as they change").build()))
                .thenEvents(new CatalogServiceUpdated(NAME, "1",
                        CatalogServiceSpec.newBuilder(V1).setDescription("orders, as they change").build()));
        service.when(new UpdateCatalogService(CatalogServiceSpec.newBuilder(V2).setKind(CatalogServiceKind.ASYNC).build()))
                .thenRejected(INVALID_COMMAND, "/payload/spec/kind");
    }

    @Test
    void removesAServiceAndAllowsTheNameAgain() {
        service.when(new RemoveCatalogService()).thenRejected(NOT_FOUND);
        service.when(new UpdateCatalogService(V2)).thenRejected(NOT_FOUND);
        service.given(REGISTERED).when(new RemoveCatalogService()).thenEvents(new CatalogServiceRemoved(NAME));

        assertThat(service.deleted()).isTrue();
        service.when(new UpdateCatalogService(V2)).thenRejected(NOT_FOUND);
        service.when(new RegisterCatalogService(NAME, V2)).thenEvents(new CatalogServiceRegistered(NAME, V2));
        assertThat(service.deleted()).isFalse();
        assertThat(service.state().getPreviousVersions()).isEmpty();
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        service.given(REGISTERED, new CatalogServiceUpdated(NAME, "1", V2));

        assertThat(service.state()).isEqualTo(CatalogServiceView.newBuilder()
                .setServiceId(ID).setOrganization(ORGANIZATION).setVersion(2L).setName(NAME).setSpec(V2)
                .setPreviousVersions(List.of("1")).setCreatedAt(at(1)).setUpdatedAt(at(2)).setRemoved(false)
                .build());
    }

    @Test
    void anotherAggregatesCommandIsInvalid() {
        service.given(REGISTERED).when(new DeleteSubscription()).thenRejected(INVALID_COMMAND, "/payload");
    }

    private static CatalogServiceSpec stream(String version, String document) {
        return CatalogServiceSpec.newBuilder()
                .setVersion(version)
                .setKind(CatalogServiceKind.CDC_STREAM)
                .setDefinition(new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0, document, "application/json"))
                .setKafkaTopic("weir.cdc.shop.public.orders")
                .setTags(List.of("cdc"))
                .setSource("cdc:shop")
                .build();
    }
}
