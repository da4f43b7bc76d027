package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PfxOptions;
import io.weir.dataplane.testing.SelfSignedKeyStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSchemeTest {

    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path certificates;

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aPlainConnectionSpeaksHttpOnEveryRequest() throws Exception {
        assertThat(schemesSeen(new HttpServerOptions(), new HttpClientOptions())).isEqualTo("http http | http http");
    }

    @Test
    void aTlsConnectionSpeaksHttpsOnEveryRequest() throws Exception {
        SelfSignedKeyStore keyStore = SelfSignedKeyStore.create(certificates, "node");
        HttpServerOptions server = new HttpServerOptions().setSsl(true).setKeyCertOptions(
                new PfxOptions().setPath(keyStore.keyStore().toString()).setPassword(SelfSignedKeyStore.PASSWORD));
        HttpClientOptions client = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
        assertThat(schemesSeen(server, client)).isEqualTo("https https | https https");
    }

    /** Two requests on one keep-alive connection, each answering the scheme asked twice. */
    private String schemesSeen(HttpServerOptions serverOptions, HttpClientOptions clientOptions) throws Exception {
        HttpServer server = vertx.createHttpServer(serverOptions.setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.response().end(ConnectionScheme.of(request.connection()) + " "
                        + ConnectionScheme.of(request.connection())))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient(clientOptions.setKeepAlive(true), new PoolOptions()
                .setHttp1MaxSize(1));
        String first = call(client, server.actualPort());
        String second = call(client, server.actualPort());
        return first + " | " + second;
    }

    private static String call(HttpClient client, int port) throws Exception {
        return client.request(HttpMethod.GET, port, "127.0.0.1", "/")
                .compose(request -> request.send().compose(HttpClientResponse::body))
                .map(Buffer::toString)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
