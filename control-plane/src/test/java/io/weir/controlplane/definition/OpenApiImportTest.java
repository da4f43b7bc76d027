package io.weir.controlplane.definition;

import static io.weir.controlplane.definition.Fixtures.imported;
import static io.weir.controlplane.definition.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.DefinitionFormat;
import org.junit.jupiter.api.Test;

class OpenApiImportTest {

    @Test
    void petstore30ImportsOneHttpResourcePerPathAndMethodWithItsCredential() {
        ImportResult.Imported api = imported(single("valid/openapi-3.0-petstore.yaml"));

        assertThat(api.format()).isEqualTo(DefinitionFormat.OPENAPI_3_0);
        assertThat(api.specVersion()).isEqualTo("3.0.3");
        assertThat(api.name()).isEqualTo("Swagger Petstore");
        assertThat(api.version()).isEqualTo("1.0.0");
        assertThat(api.description()).startsWith("A sample API that uses a petstore");
        assertThat(api.apiType()).isEqualTo(ApiType.HTTP);
        assertThat(api.context()).isEqualTo("/petstore");
        assertThat(api.resources())
                .extracting(ApiResource::getMethod, ApiResource::getPath, ApiResource::getAuthScheme)
                .containsExactly(
                        tuple("GET", "/pets", AuthScheme.API_KEY),             // global security
                        tuple("POST", "/pets", AuthScheme.OAUTH2),             // petstore_auth
                        tuple("GET", "/pets/{id}", AuthScheme.NONE),           // security: []
                        tuple("DELETE", "/pets/{id}", AuthScheme.API_KEY_OR_OAUTH2));
        assertThat(api.resources()).allSatisfy(r -> {
            assertThat(r.getOperations()).isEmpty();
            assertThat(r.getKafkaTopic()).isNull();
        });
        // the server variable {environment} takes its default
        assertThat(api.endpoints().getProductionUrl()).isEqualTo("https://api.petstore.example.com/petstore/v1");
        assertThat(api.servers()).containsExactly(
                new BackendHint("servers[0]", "https", "https://api.petstore.example.com/petstore/v1"));
        assertThat(api.warnings()).isEmpty();
    }

    @Test
    void theStoredDefinitionOfASingleFileIsTheUploadedTextAsIs() {
        String text = new String(Fixtures.bytes("valid/openapi-3.0-petstore.yaml"), java.nio.charset.StandardCharsets.UTF_8);

        ImportResult.Imported api = imported(single("valid/openapi-3.0-petstore.yaml"));

        assertThat(api.rootDocument()).isEqualTo(text);
        assertThat(api.rootContentType()).isEqualTo("application/yaml");
        assertThat(api.dereferencedJson()).isNull();
        assertThat(api.toApiDefinition().getContent()).isEqualTo(text);
        assertThat(api.toApiDefinition().getFormat()).isEqualTo(DefinitionFormat.OPENAPI_3_0);
        assertThat(api.toApiDefinition().getContentType()).isEqualTo("application/yaml");
    }

    @Test
    void petstore31WithPathsAndWebhooksIsAnHttpApiOfItsPaths() {
        ImportResult.Imported api = imported(single("valid/openapi-3.1-petstore-webhooks.json"));

        assertThat(api.format()).isEqualTo(DefinitionFormat.OPENAPI_3_1);
        assertThat(api.rootContentType()).isEqualTo("application/json");
        assertThat(api.apiType()).isEqualTo(ApiType.HTTP);
        assertThat(api.resources())
                .extracting(ApiResource::getMethod, ApiResource::getPath, ApiResource::getAuthScheme)
                .containsExactly(
                        tuple("GET", "/pets", AuthScheme.OAUTH2),                // http bearer
                        tuple("POST", "/pets", AuthScheme.API_KEY_OR_OAUTH2));   // openIdConnect or apiKey
        // a relative server URL still names the context, but is no backend
        assertThat(api.context()).isEqualTo("/pets-api");
        assertThat(api.endpoints().getProductionUrl()).isNull();
        assertThat(api.warnings()).anyMatch(w -> w.contains("webhooks [newPet]")).anyMatch(w -> w.contains("relative"));
    }

    @Test
    void aWebhooksOnlyDocumentIsAWebSubApiWithOneTopicPerWebhook() {
        ImportResult.Imported api = imported(single("valid/openapi-3.1-webhooks-only.yaml"));

        assertThat(api.apiType()).isEqualTo(ApiType.WEBSUB);
        assertThat(api.resources())
                .extracting(ApiResource::getMethod, ApiResource::getPath, ApiResource::getOperations)
                .containsExactly(
                        tuple(null, "newPet", java.util.List.of(ChannelOperation.SUBSCRIBE)),
                        tuple(null, "petAdopted", java.util.List.of(ChannelOperation.SUBSCRIBE)));
        // no servers: the context is a slug of the title
        assertThat(api.context()).isEqualTo("/pet-events");
    }

    @Test
    void aRootXWeirApiTypeOverridesTheDerivedType() {
        String doc = """
                openapi: 3.0.3
                info: {title: Ticker, version: '1'}
                x-weir-api-type: sse
                servers: [{url: 'https://ticks.example.com/'}]
                paths:
                  /ticks:
                    get:
                      responses: {'200': {description: a stream}}
                """;

        ImportResult.Imported api = imported(DefinitionUpload.single("ticker.yaml", doc));

        assertThat(api.apiType()).isEqualTo(ApiType.SSE);
        assertThat(api.context()).isEqualTo("/ticker");
        assertThat(api.version()).isEqualTo("1");
    }
}
