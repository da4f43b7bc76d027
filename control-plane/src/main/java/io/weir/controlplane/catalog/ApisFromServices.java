package io.weir.controlplane.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.definition.ImportResult;
import io.weir.controlplane.json.JsonInputException;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.CreateApi;
import io.weir.schema.view.CatalogServiceView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A managed API made from a catalog service in one step (WSO2's "Create API" from a service):
 * the service's document, modelled as on import, gives the resources and the API type; the
 * service's endpoint is the production backend and its Kafka topic backs the channels of a STREAM
 * API. The API keeps the service's document verbatim, so that following the service can tell
 * whether its working copy is on the service's current version.
 *
 * <pre>
 * {"context": "/orders",        default: derived from the document's title
 *  "name": "Orders",            default: the service name
 *  "version": "1.0.0",          default: the service version
 *  "apiType": "STREAM",         default: from the document (a Kafka-bound AsyncAPI is STREAM)
 *  "tiers": ["Gold"],           default: ["Unlimited"]
 *  "followService": true}       default false: a new service version prepares a new working copy
 * </pre>
 */
final class ApisFromServices {

    private static final Set<String> FIELDS = Set.of("context", "name", "version", "apiType", "tiers", "followService");

    private ApisFromServices() {
    }

    static CreateApi create(CatalogServiceView service, JsonNode body) {
        JsonNode json = Bodies.object(body);
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new JsonInputException("/" + name, "is not a field of this request; fields are " + FIELDS);
            }
        }
        boolean follow = flag(json, "followService");
        ImportResult.Imported document = Documents.fromService(service.getServiceId(), service.getSpec().getDefinition());
        ApiType type = json.hasNonNull("apiType")
                ? Params.symbol(ApiType.class, text(json, "apiType"), "/apiType") : document.apiType();
        String topic = service.getSpec().getKafkaTopic();
        List<ApiResource> resources = document.resources().stream()
                .map(resource -> type == ApiType.STREAM && resource.getKafkaTopic() == null && topic != null
                        ? ApiResource.newBuilder(resource).setKafkaTopic(topic).build() : resource)
                .toList();
        String endpoint = service.getSpec().getEndpoint();
        BackendEndpoints endpoints = endpoint == null || type == ApiType.STREAM ? document.endpoints()
                : BackendEndpoints.newBuilder(document.endpoints()).setProductionUrl(endpoint).build();
        ApiSettings settings = ApiSettings.newBuilder()
                .setDescription(service.getSpec().getDescription())
                .setDefinition(service.getSpec().getDefinition())
                .setEndpoints(endpoints)
                .setResources(new ArrayList<>(resources))
                .setAllowedTiers(tiers(json.get("tiers")))
                .setVisibility(ApiVisibility.PUBLIC)
                .setVisibleRoles(List.of())
                .setCors(CorsConfig.newBuilder().setEnabled(false).build())
                .setAuth(AuthConfig.newBuilder().build())
                .setTags(new ArrayList<>(service.getSpec().getTags()))
                .setFollowsCatalogService(follow ? service.getServiceId() : null)
                .build();
        return new CreateApi(orElse(text(json, "name"), service.getName()),
                orElse(text(json, "context"), document.context()),
                orElse(text(json, "version"), service.getSpec().getVersion()), type, settings);
    }

    private static List<String> tiers(JsonNode tiers) {
        if (tiers == null || tiers.isNull()) {
            return List.of("Unlimited");
        }
        if (!tiers.isArray() || tiers.isEmpty()) {
            throw new JsonInputException("/tiers", "must be a non-empty array of tier names");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            if (!tiers.get(i).isTextual()) {
                throw new JsonInputException("/tiers/" + i, "must be a string");
            }
            names.add(tiers.get(i).asText());
        }
        return names;
    }

    private static boolean flag(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new JsonInputException("/" + field, "must be true or false");
        }
        return value.asBoolean();
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
