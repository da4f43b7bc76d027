package io.weir.harness.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.junit.ApicurioRegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioRegistryIT {

    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"ApiRevisionDeployed\",\"namespace\":\"io.weir.it\","
                    + "\"fields\":[{\"name\":\"apiId\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void isReadyAndServesTheV3AndCcompatApis(ApicurioRegistry registry) throws Exception {
        assertThat(get(registry.url() + "/system/info").statusCode()).isEqualTo(200);
        assertThat(get(registry.ccompatUrl() + "/subjects").statusCode()).isEqualTo(200);
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/registry/v3");
    }

    @Test
    void storesAnArtifactAndReadsItBack(ApicurioRegistry registry) throws Exception {
        String artifactId = "api-revision-deployed-" + UUID.randomUUID();

        assertThat(createArtifact(registry, artifactId).statusCode()).isEqualTo(200);

        HttpResponse<String> latest = get(latestContent(registry, artifactId));
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).contains("ApiRevisionDeployed", "apiId");
    }

    @Test
    void keepsArtifactsAcrossRestartsWithADataDir(@TempDir Path dataDir) throws Exception {
        String artifactId = "persisted-" + UUID.randomUUID();
        ApicurioRegistry first = ApicurioRegistry.builder().dataDir(dataDir).start();
        try {
            assertThat(createArtifact(first, artifactId).statusCode()).isEqualTo(200);
        } finally {
            first.stop();
        }

        ApicurioRegistry second = ApicurioRegistry.builder().dataDir(dataDir).start();
        try {
            HttpResponse<String> latest = get(latestContent(second, artifactId));
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(latest.body()).contains("ApiRevisionDeployed");
        } finally {
            second.stop();
        }
    }

    private HttpResponse<String> createArtifact(ApicurioRegistry registry, String artifactId)
            throws IOException, InterruptedException {
        String body = "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\","
                + "\"firstVersion\":{\"content\":{\"contentType\":\"application/json\",\"content\":"
                + quote(SCHEMA) + "}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/groups/weir-harness-it/artifacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String latestContent(ApicurioRegistry registry, String artifactId) {
        return registry.url() + "/groups/weir-harness-it/artifacts/" + artifactId + "/versions/branch=latest/content";
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
