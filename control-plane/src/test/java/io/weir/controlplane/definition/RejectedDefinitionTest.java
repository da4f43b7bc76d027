package io.weir.controlplane.definition;

import static io.weir.controlplane.definition.Fixtures.invalid;
import static io.weir.controlplane.definition.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class RejectedDefinitionTest {

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        ImportResult.Invalid result = invalid(single("invalid/malformed.yaml"));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("malformed.yaml");
            assertThat(p.line()).isEqualTo(12);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.message()).startsWith("malformed YAML: while scanning a quoted scalar (from line 10, column 24)");
        });
        assertThat(result.message()).contains("line 12, column 1");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        ImportResult.Invalid result = invalid(DefinitionUpload.single("api.json", """
                {
                  "openapi": "3.0.3",
                  "info": { "title": "x" "version": "1" }
                }
                """));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(26);
            assertThat(p.message()).startsWith("malformed JSON: Unexpected character ('\"'");
        });
    }

    @Test
    void aDuplicatedKeyIsMalformed() {
        ImportResult.Invalid result = invalid(DefinitionUpload.single("api.yaml", """
                openapi: 3.0.3
                info: {title: x, version: '1'}
                paths:
                  /a: {}
                  /a: {}
                """));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("Duplicate field '/a'");
            assertThat(p.line()).isEqualTo(5);
        });
    }

    @Test
    void swagger20IsAnUnsupportedVersion() {
        assertThat(invalid(single("invalid/swagger-2.0.yaml")).message())
                .isEqualTo("unsupported OpenAPI version 2.0: Weir imports OpenAPI 3.0/3.1 and AsyncAPI 2.x/3.0/3.1");
    }

    @Test
    void asyncApi12IsAnUnsupportedVersion() {
        ImportResult.Invalid result = invalid(single("invalid/asyncapi-1.2.yaml"));

        assertThat(result.message()).isEqualTo("unsupported AsyncAPI version 1.2.0: Weir imports OpenAPI 3.0/3.1 and AsyncAPI 2.x/3.0/3.1");
        assertThat(result.problems()).extracting(DefinitionProblem::pointer).containsExactly("/asyncapi");
    }

    @Test
    void openApi32NoVersionAndNonMappingsAreRejected() {
        assertThat(invalid(DefinitionUpload.single("a.yaml", "openapi: 3.2.0\ninfo: {title: x, version: '1'}\n")).message())
                .startsWith("unsupported OpenAPI version 3.2.0: ");
        assertThat(invalid(DefinitionUpload.single("a.yaml", "info: {title: x, version: '1'}\n")).message())
                .startsWith("no 'openapi' or 'asyncapi' version field: ");
        assertThat(invalid(DefinitionUpload.single("a.yaml", "- openapi: 3.0.3\n")).message())
                .startsWith("the document is not a mapping of keys to values (found array)");
        assertThat(invalid(DefinitionUpload.single("a.yaml", "just text")).message())
                .startsWith("the document is not a mapping of keys to values (found string)");
        assertThat(invalid(DefinitionUpload.single("a.yaml", "")).message()).isEqualTo("the file is empty");
    }

    @Test
    void structurallyInvalidAsyncApi30PointsAtEachViolationWithoutOneOfNoise() {
        ImportResult.Invalid result = invalid(single("invalid/asyncapi-3.0-invalid.yaml"));

        assertThat(result.problems())
                .extracting(DefinitionProblem::file, DefinitionProblem::pointer, DefinitionProblem::message)
                .containsExactly(
                        tuple("asyncapi-3.0-invalid.yaml", "/channels/userSignedup/address", "integer found, [string, null] expected"),
                        tuple("asyncapi-3.0-invalid.yaml", "/info", "'title' is required"));
        assertThat(result.message()).startsWith("2 problems, first: asyncapi-3.0-invalid.yaml#/channels/userSignedup/address");
    }

    @Test
    void structurallyInvalidOpenApi30PointsAtTheResponseAndThePath() {
        ImportResult.Invalid result = invalid(single("invalid/openapi-3.0-invalid.yaml"));

        assertThat(result.problems())
                .extracting(DefinitionProblem::pointer, DefinitionProblem::message)
                .containsExactly(
                        tuple("/paths/~1pets/get/responses/200", "'description' is required"),
                        tuple("/paths/pets~1{id}", "path 'pets/{id}' must start with '/'"));
    }

    @Test
    void structurallyInvalidOpenApi31IsCheckedAgainstThe31Schema() {
        ImportResult.Invalid result = invalid(DefinitionUpload.single("a.yaml", """
                openapi: 3.1.0
                info: {title: x, version: '1'}
                webhooks:
                  ping:
                    post:
                      responses:
                        '200': {content: {}}
                tags: [{description: no name}]
                """));

        assertThat(result.problems())
                .extracting(DefinitionProblem::pointer, DefinitionProblem::message)
                .contains(tuple("/webhooks/ping/post/responses/200", "'description' is required"),
                        tuple("/tags/0", "'name' is required"));
    }

    @Test
    void anUnknownXWeirApiTypeIsAProblem() {
        ImportResult.Invalid result = invalid(DefinitionUpload.single("a.yaml", """
                asyncapi: 3.0.0
                info: {title: x, version: '1'}
                x-weir-api-type: GRPC
                """));

        assertThat(result.problems()).extracting(DefinitionProblem::pointer, DefinitionProblem::message)
                .containsExactly(tuple("/x-weir-api-type", "x-weir-api-type must be one of HTTP, WS, SSE, WEBSUB, STREAM"));
    }

    @Test
    void atMostTwentyProblemsAreListedDeepestFirst() {
        StringBuilder doc = new StringBuilder("openapi: 3.0.3\ninfo: {version: '1'}\npaths:\n");
        for (int i = 0; i < 30; i++) {
            doc.append("  /p").append(i).append(":\n    get:\n      responses:\n        '200': {}\n");
        }

        ImportResult.Invalid result = invalid(DefinitionUpload.single("many.yaml", doc.toString()));

        assertThat(result.problems()).hasSize(DefinitionImporter.MAX_PROBLEMS)
                .allSatisfy(p -> assertThat(p.message()).isEqualTo("'description' is required"));
        assertThat(result.message()).startsWith("31 problems (first 20 listed), first: many.yaml#/paths/~1p0/get/responses/200");
    }
}
