package io.weir.controlplane.definition;

import io.apicurio.datamodels.models.Components;
import io.apicurio.datamodels.models.SecurityRequirement;
import io.apicurio.datamodels.models.SecurityRequirementsParent;
import io.apicurio.datamodels.models.SecurityScheme;
import io.apicurio.datamodels.models.openapi.OpenApiDocument;
import io.apicurio.datamodels.models.openapi.OpenApiOperation;
import io.apicurio.datamodels.models.openapi.OpenApiPathItem;
import io.apicurio.datamodels.models.openapi.OpenApiServer;
import io.apicurio.datamodels.models.openapi.OpenApiServersParent;
import io.apicurio.datamodels.models.openapi.v30.OpenApi30Document;
import io.apicurio.datamodels.models.openapi.v30.OpenApi30PathItem;
import io.apicurio.datamodels.models.openapi.v31.OpenApi31Document;
import io.apicurio.datamodels.models.openapi.v31.OpenApi31PathItem;
import io.apicurio.datamodels.refs.ReferenceUtil;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChannelOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads an OpenAPI 3.0/3.1 model: one HTTP resource per path and method (the path template kept as
 * written), or — for a document with {@code webhooks} and no paths — a WEBSUB API with one topic
 * per webhook, which users SUBSCRIBE to.
 */
final class OpenApiReader {

    private static final Map<String, Function<OpenApiPathItem, OpenApiOperation>> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put("GET", OpenApiPathItem::getGet);
        METHODS.put("PUT", OpenApiPathItem::getPut);
        METHODS.put("POST", OpenApiPathItem::getPost);
        METHODS.put("DELETE", OpenApiPathItem::getDelete);
        METHODS.put("OPTIONS", OpenApiPathItem::getOptions);
        METHODS.put("HEAD", OpenApiPathItem::getHead);
        METHODS.put("PATCH", OpenApiPathItem::getPatch);
        METHODS.put("TRACE", item -> item instanceof OpenApi30PathItem p ? p.getTrace()
                : item instanceof OpenApi31PathItem p ? p.getTrace() : null);
    }

    private OpenApiReader() {
    }

    /**
     * @param tree the document as JSON with external refs pasted in ({@link ValidationTree}):
     *             apicurio reads {@code security: []} as if it were absent, so it is looked up here
     */
    static ApiShape read(OpenApiDocument doc, JsonNode tree, ApiType override) {
        List<String> warnings = new ArrayList<>();
        Map<String, OpenApi31PathItem> webhooks = doc instanceof OpenApi31Document d && d.getWebhooks() != null
                ? d.getWebhooks() : Map.of();
        boolean hasPaths = doc.getPaths() != null && !doc.getPaths().getItems().isEmpty();
        ApiType type = override != null ? override : (!hasPaths && !webhooks.isEmpty() ? ApiType.WEBSUB : ApiType.HTTP);
        List<ApiResource> resources = new ArrayList<>();
        if (type == ApiType.WEBSUB && !hasPaths) {
            webhooks.keySet().forEach(name -> resources.add(ApiResource.newBuilder().setPath(name)
                    .setAuthScheme(AuthSchemes.of(null)).setOperations(List.of(ChannelOperation.SUBSCRIBE)).build()));
        } else if (hasPaths) {
            for (String path : doc.getPaths().getItemNames()) {
                OpenApiPathItem item = resolve(doc.getPaths().getItem(path));
                METHODS.forEach((method, get) -> {
                    OpenApiOperation op = item == null ? null : get.apply(item);
                    if (op != null) {
                        resources.add(ApiResource.newBuilder().setMethod(method).setPath(path)
                                .setAuthScheme(AuthSchemes.of(security(doc, op, tree, path, method))).build());
                    }
                });
            }
            if (!webhooks.isEmpty()) {
                warnings.add("webhooks " + webhooks.keySet() + " are kept in the definition but not imported as resources of an HTTP API");
            }
        }
        List<BackendHint> servers = servers(doc);
        String first = servers.isEmpty() ? null : servers.get(0).address();
        boolean absolute = first != null && URI.create(first.replaceAll("[{}]", "")).isAbsolute();
        if (first != null && !absolute) {
            warnings.add("the first server URL '" + first + "' is relative: set the backend URL by hand");
        }
        String context = Contexts.fromServerUrl(first);
        return new ApiShape(type, resources, BackendEndpoints.newBuilder().setProductionUrl(absolute ? first : null).build(),
                servers, context != null ? context : Contexts.fromTitle(doc.getInfo().getTitle()), warnings);
    }

    private static OpenApiPathItem resolve(OpenApiPathItem item) {
        String ref = item instanceof OpenApi30PathItem p ? p.get$ref() : item instanceof OpenApi31PathItem p ? p.get$ref() : null;
        return ref == null ? item : (OpenApiPathItem) ReferenceUtil.resolveRef(ref, item);
    }

    private static List<BackendHint> servers(OpenApiDocument doc) {
        List<OpenApiServer> declared = ((OpenApiServersParent) doc).getServers();
        List<BackendHint> hints = new ArrayList<>();
        for (int i = 0; declared != null && i < declared.size(); i++) {
            String url = Contexts.fill(declared.get(i).getUrl(), declared.get(i).getVariables());
            int colon = url == null ? -1 : url.indexOf("://");
            hints.add(new BackendHint("servers[" + i + "]", colon > 0 ? url.substring(0, colon) : null, url));
        }
        return hints;
    }

    /** The operation's requirements, else the document's; null when neither declares any. */
    private static List<List<SecurityScheme>> security(OpenApiDocument doc, OpenApiOperation op, JsonNode tree,
                                                       String path, String method) {
        JsonNode declared = Pointers.resolve(tree, Pointers.child(Pointers.child("/paths", path), method.toLowerCase(Locale.ROOT)))
                .path("security");
        List<SecurityRequirement> requirements = ((SecurityRequirementsParent) op).getSecurity();
        if (requirements == null && !declared.isArray()) {
            declared = tree.path("security");
            requirements = ((SecurityRequirementsParent) doc).getSecurity();
        }
        if (declared.isArray() && declared.isEmpty()) {
            return List.of(); // security: [] — explicitly open
        }
        if (requirements == null) {
            return null;
        }
        Components components = doc instanceof OpenApi30Document d ? d.getComponents() : ((OpenApi31Document) doc).getComponents();
        Map<String, SecurityScheme> schemes = components == null || components.getSecuritySchemes() == null
                ? Map.of() : components.getSecuritySchemes();
        return requirements.stream()
                .map(r -> r.getItemNames().stream().map(schemes::get).toList())
                .toList();
    }
}
