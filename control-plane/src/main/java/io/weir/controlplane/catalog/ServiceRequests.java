package io.weir.controlplane.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.definition.ImportResult;
import io.weir.controlplane.json.JsonInputException;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of a catalog registration or update, as a service name and a {@link CatalogServiceSpec}:
 *
 * <pre>
 * {"definition": {…} | "openapi: 3.0.3 …",   required: the OpenAPI or AsyncAPI document
 *  "name": "orders",                         default info.title
 *  "version": "1.0.0",                       default info.version
 *  "description": "…",                       default info.description
 *  "endpoint": "https://orders.internal",     REST: default the document's first server URL
 *  "kafkaTopic": "orders",                   ASYNC: default the Kafka topic of the first channel
 *  "kind": "REST|ASYNC|CDC_STREAM",           default REST for OpenAPI, ASYNC for AsyncAPI
 *  "tags": ["orders"]}
 * </pre>
 */
final class ServiceRequests {

    private static final Set<String> FIELDS =
            Set.of("definition", "name", "version", "description", "endpoint", "kafkaTopic", "kind", "tags");

    private ServiceRequests() {
    }

    record Registration(String name, CatalogServiceSpec spec) {
    }

    static Registration read(JsonNode body, String actor) {
        JsonNode json = Bodies.object(body);
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new JsonInputException("/" + name, "is not a field of a catalog service; fields are " + FIELDS);
            }
        }
        ImportResult.Imported document = Documents.fromRequest(json.get("definition"), "/definition");
        CatalogServiceKind kind = json.hasNonNull("kind")
                ? Params.symbol(CatalogServiceKind.class, text(json, "kind"), "/kind")
                : document.format() == DefinitionFormat.OPENAPI_3_0 || document.format() == DefinitionFormat.OPENAPI_3_1
                ? CatalogServiceKind.REST : CatalogServiceKind.ASYNC;
        String name = orElse(text(json, "name"), document.name());
        String version = orElse(text(json, "version"), document.version());
        CatalogServiceSpec spec = CatalogServiceSpec.newBuilder()
                .setVersion(version)
                .setKind(kind)
                .setDescription(orElse(text(json, "description"), document.description()))
                .setDefinition(document.toApiDefinition())
                .setEndpoint(orElse(text(json, "endpoint"), kind == CatalogServiceKind.REST
                        ? document.endpoints().getProductionUrl() : null))
                .setKafkaTopic(orElse(text(json, "kafkaTopic"), kind == CatalogServiceKind.REST ? null
                        : document.resources().stream().map(ApiResource::getKafkaTopic)
                                .filter(topic -> topic != null).findFirst().orElse(null)))
                .setTags(tags(json.get("tags")))
                .setSource(actor)
                .build();
        return new Registration(name, spec);
    }

    private static List<String> tags(JsonNode tags) {
        List<String> values = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return values;
        }
        if (!tags.isArray()) {
            throw new JsonInputException("/tags", "must be an array of strings");
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.get(i).isTextual()) {
                throw new JsonInputException("/tags/" + i, "must be a string");
            }
            values.add(tags.get(i).asText());
        }
        return values;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonInputException("/" + field, "must be a string");
        }
        return value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value != null && !value.isBlank() ? value : fallback;
    }
}
