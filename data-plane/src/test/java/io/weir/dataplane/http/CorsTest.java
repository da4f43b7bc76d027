package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.weir.schema.api.CorsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CORS per API over real HTTP: preflights answered, actual responses decorated, nothing added where it is off. */
class CorsTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static CorsConfig cors(boolean enabled, List<String> origins, boolean credentials) {
        return new CorsConfig(enabled, origins, List.of("GET", "POST"), List.of(), credentials, 600);
    }

    /** A server that does what the gateway does: answers a preflight, else decorates a 200. */
    private URI serving(CorsConfig cors) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (Cors.isPreflight(request)) {
                        Cors.answerPreflight(cors, request, request.response());
                        return;
                    }
                    Cors.decorate(cors, request, request.response());
                    request.response().end("ok");
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/data");
    }

    private HttpResponse<String> get(URI uri, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAllowedOriginIsEchoedWithVaryAndCredentialsWhenConfigured() throws Exception {
        URI uri = serving(cors(true, List.of("https://app.example"), true));

        HttpResponse<String> allowed = get(uri, "https://app.example");
        HttpResponse<String> foreign = get(uri, "https://evil.example");

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(allowed.headers().firstValue("Vary")).contains("Origin");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(foreign.statusCode()).isEqualTo(200);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anyOriginWithoutCredentialsIsAStar() throws Exception {
        URI uri = serving(cors(true, List.of("*"), false));

        HttpResponse<String> answer = get(uri, "https://anyone.example");

        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(answer.headers().firstValue("Vary")).isEmpty();
        assertThat(answer.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void corsOffAddsNothingWhateverTheOrigin() throws Exception {
        URI uri = serving(cors(false, List.of("*"), true));

        HttpResponse<String> answer = get(uri, "https://app.example");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void aPreflightIsAnswered204ForAnAllowedOriginAnd403ForAForeignOne() throws Exception {
        URI uri = serving(cors(true, List.of("https://app.example"), false));

        HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(foreign.body()).contains("cors-origin");
    }
}
