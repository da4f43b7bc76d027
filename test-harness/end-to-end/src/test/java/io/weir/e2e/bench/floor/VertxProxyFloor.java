package io.weir.e2e.bench.floor;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A reference point of the gateway benchmark, not a product: the plainest reverse proxy Vert.x core
 * (the HTTP library the edge node runs on) makes — one verticle per event loop, each with its own
 * keep-alive client pool, request and response streamed through, Connection dropped, X-Forwarded-For
 * added, 502 when the backend fails. No routing, auth, throttling, records or metrics: what proxying
 * alone costs on Vert.x. {@code VertxProxyFloor <port> <backend port>}.
 */
public final class VertxProxyFloor extends AbstractVerticle {

    private final int port;
    private final int backendPort;
    private HttpClient backend;

    private VertxProxyFloor(int port, int backendPort) {
        this.port = port;
        this.backendPort = backendPort;
    }

    public static void main(String[] args) {
        FloorVerticles.deploy("vert.x proxy floor", args, VertxProxyFloor::new);
    }

    @Override
    public void start() {
        backend = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(backendPort), new PoolOptions().setHttp1MaxSize(128));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(this::proxy)
                .listen().onFailure(FloorVerticles::exit);
    }

    private void proxy(HttpServerRequest request) {
        request.pause();
        backend.request(new RequestOptions().setMethod(request.method()).setURI(request.uri())).onSuccess(call -> {
            request.headers().forEach(header -> {
                if (!"connection".equalsIgnoreCase(header.getKey())) {
                    call.headers().add(header.getKey(), header.getValue());
                }
            });
            call.putHeader("X-Forwarded-For", request.remoteAddress().host());
            call.send(request).onSuccess(answer -> {
                HttpServerResponse response = request.response().setStatusCode(answer.statusCode());
                answer.headers().forEach(header -> {
                    if (!"connection".equalsIgnoreCase(header.getKey())) {
                        response.headers().add(header.getKey(), header.getValue());
                    }
                });
                answer.pipeTo(response);
            }).onFailure(failure -> badGateway(request));
        }).onFailure(failure -> badGateway(request));
    }

    private static void badGateway(HttpServerRequest request) {
        if (!request.response().headWritten()) {
            request.response().setStatusCode(502).end();
        } else {
            request.connection().close();
        }
    }
}
