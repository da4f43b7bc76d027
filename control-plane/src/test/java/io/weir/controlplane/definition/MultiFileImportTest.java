package io.weir.controlplane.definition;

import static io.weir.controlplane.definition.Fixtures.folder;
import static io.weir.controlplane.definition.Fixtures.imported;
import static io.weir.controlplane.definition.Fixtures.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiFileImportTest {

    private static DefinitionUpload userDirectory() {
        return folder("multi", "openapi.yaml", "common.yaml", "schemas/user.yaml", "schemas/address.yaml");
    }

    @Test
    void relativeRefsAcrossFilesAndFoldersArePulledIntoOneSelfContainedDocument() throws Exception {
        ImportResult.Imported api = imported(userDirectory());

        assertThat(api.context()).isEqualTo("/directory");
        assertThat(api.resources()).extracting(ApiResource::getMethod, ApiResource::getPath)
                .containsExactly(tuple("GET", "/users"), tuple("GET", "/users/{id}"));
        JsonNode bundled = new ObjectMapper().readTree(api.dereferencedJson());
        assertThat(bundled.at("/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/User");
        // schemas/user.yaml refs its sibling address.yaml; common.yaml refs inside itself
        assertThat(bundled.at("/components/schemas/User/properties/address/$ref").asText()).isEqualTo("#/components/schemas/Address");
        assertThat(bundled.at("/components/schemas/Address/properties/city/type").asText()).isEqualTo("string");
        assertThat(bundled.at("/components/responses/NotFound/description").asText()).isEqualTo("No such resource");
        assertThat(bundled.at("/components/schemas/Problem").isObject()).isTrue();
        assertThat(api.dereferencedJson()).doesNotContain(".yaml");
        // the root text is kept for reference; what is stored is the self-contained document
        assertThat(api.rootDocument()).contains("./schemas/user.yaml#/User");
        assertThat(api.toApiDefinition().getContent()).isEqualTo(api.dereferencedJson());
        assertThat(api.toApiDefinition().getContentType()).isEqualTo("application/json");
    }

    @Test
    void theBundledDocumentImportsOnItsOwn() {
        ImportResult.Imported api = imported(userDirectory());

        ImportResult.Imported again = imported(DefinitionUpload.single("bundled.json", api.dereferencedJson()));

        assertThat(again.resources()).isEqualTo(api.resources());
        assertThat(again.dereferencedJson()).isNull();
    }

    @Test
    void aRefToAFileMissingFromTheUploadIsAProblemNamingTheRef() {
        ImportResult.Invalid result = invalid(folder("multi-broken", "openapi.yaml", "schemas/order.yaml"));

        assertThat(result.problems())
                .extracting(DefinitionProblem::file, DefinitionProblem::pointer, DefinitionProblem::message)
                .containsExactly(tuple("schemas/order.yaml", "/Order/properties/customer/$ref",
                        "$ref 'customer.yaml#/Customer' points to file 'schemas/customer.yaml', which is not in the upload"));
    }

    @Test
    void refsToMissingFragmentsRemoteUrlsAndOutsideTheUploadAreProblems() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("api.yaml", """
                openapi: 3.0.3
                info: {title: x, version: '1'}
                paths:
                  /a:
                    get:
                      responses:
                        '200': {$ref: 'shared.yaml#/Nope'}
                        '201': {$ref: 'https://example.com/shared.yaml#/Ok'}
                        '202': {$ref: '../outside.yaml#/Ok'}
                        '203': {$ref: '#/components/responses/Missing'}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("shared.yaml", "Ok: {description: fine}\n".getBytes(StandardCharsets.UTF_8));

        ImportResult.Invalid result = invalid(new DefinitionUpload(files, "api.yaml"));

        assertThat(result.problems()).extracting(DefinitionProblem::pointer, DefinitionProblem::message).containsExactly(
                tuple("/paths/~1a/get/responses/200/$ref", "$ref 'shared.yaml#/Nope': there is no '/Nope' in shared.yaml"),
                tuple("/paths/~1a/get/responses/201/$ref", "$ref 'https://example.com/shared.yaml#/Ok' is remote;"
                        + " Weir fetches nothing: upload the referenced file with the definition"),
                tuple("/paths/~1a/get/responses/202/$ref", "$ref '../outside.yaml#/Ok' points to file '../outside.yaml', which is not in the upload"),
                tuple("/paths/~1a/get/responses/203/$ref", "$ref '#/components/responses/Missing' points to nothing in api.yaml"));
    }

    @Test
    void aSchemaViolationInAReferencedFileIsReportedInThatFile() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("api.yaml", """
                openapi: 3.0.3
                info: {title: x, version: '1'}
                paths:
                  /a:
                    $ref: 'paths/a.yaml'
                """.getBytes(StandardCharsets.UTF_8));
        files.put("paths/a.yaml", """
                get:
                  responses:
                    '200':
                      $ref: '../responses.yaml#/Broken'
                """.getBytes(StandardCharsets.UTF_8));
        files.put("responses.yaml", """
                Broken:
                  content: {}
                """.getBytes(StandardCharsets.UTF_8));

        ImportResult.Invalid result = invalid(new DefinitionUpload(files, "api.yaml"));

        assertThat(result.problems()).extracting(DefinitionProblem::file, DefinitionProblem::pointer, DefinitionProblem::message)
                .containsExactly(tuple("responses.yaml", "/Broken", "'description' is required"));
    }

    @Test
    void aMalformedReferencedFileIsReportedWithItsLine() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("api.yaml", """
                openapi: 3.0.3
                info: {title: x, version: '1'}
                paths:
                  /a: {$ref: 'a.yaml'}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("a.yaml", "get: [\n".getBytes(StandardCharsets.UTF_8));

        ImportResult.Invalid result = invalid(new DefinitionUpload(files, "api.yaml"));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("a.yaml");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("malformed YAML");
        });
    }

    @Test
    void pathItemsInOtherFilesImportAsResources() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("api.yaml", """
                openapi: 3.0.3
                info: {title: Split, version: '1'}
                paths:
                  /a:
                    $ref: 'paths/a.yaml'
                """.getBytes(StandardCharsets.UTF_8));
        files.put("paths/a.yaml", """
                get:
                  security: []
                  responses:
                    '200': {description: ok}
                delete:
                  responses:
                    '204': {description: gone}
                """.getBytes(StandardCharsets.UTF_8));

        ImportResult.Imported api = imported(new DefinitionUpload(files, "./api.yaml"));

        assertThat(api.resources()).extracting(ApiResource::getMethod, ApiResource::getPath, ApiResource::getAuthScheme)
                .containsExactly(tuple("GET", "/a", AuthScheme.NONE), tuple("DELETE", "/a", AuthScheme.API_KEY));
        // apicurio drops an empty security list; the stored document keeps it
        JsonNode bundled = new ObjectMapper().readTree(api.dereferencedJson());
        assertThat(bundled.at("/paths/~1a/get/security").isArray()).isTrue();
        assertThat(bundled.at("/paths/~1a/delete/security").isMissingNode()).isTrue();
    }

    @Test
    void anAsyncApi30SplitOverFilesImportsAndBundles() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("asyncapi.yaml", """
                asyncapi: 3.0.0
                info: {title: Accounts, version: 1.0.0}
                servers:
                  broker: {host: 'kafka.example.com:9092', protocol: kafka}
                channels:
                  userSignedup:
                    $ref: 'channels/user.yaml#/userSignedup'
                operations:
                  publishSignup:
                    action: send
                    channel: {$ref: '#/channels/userSignedup'}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("channels/user.yaml", """
                userSignedup:
                  address: user.signedup
                  messages:
                    signedUp: {$ref: '../messages.yaml#/UserSignedUp'}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("messages.yaml", """
                UserSignedUp:
                  payload:
                    type: object
                    properties:
                      email: {type: string, format: email}
                """.getBytes(StandardCharsets.UTF_8));

        ImportResult.Imported api = imported(new DefinitionUpload(files, "asyncapi.yaml"));

        assertThat(api.apiType()).isEqualTo(io.weir.schema.api.ApiType.STREAM);
        assertThat(api.resources()).extracting(ApiResource::getPath, ApiResource::getKafkaTopic, ApiResource::getOperations)
                .containsExactly(tuple("user.signedup", "user.signedup", java.util.List.of(io.weir.schema.api.ChannelOperation.SUBSCRIBE)));
        assertThat(api.dereferencedJson()).doesNotContain(".yaml").contains("user.signedup", "email");
    }
}
