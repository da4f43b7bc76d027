package io.weir.dataplane.relay.sse;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.http.Forwarding;
import io.weir.dataplane.proxy.ForwardedHeaders;
import io.weir.dataplane.proxy.ProxyConfig;
import io.weir.dataplane.relay.RelayCall;
import io.weir.dataplane.relay.RelayConfig;
import io.weir.schema.invocation.InvocationCredentialKind;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens the backend's event stream for an SSE connection: GET on the backend's base path + the
 * channel path, the client's query without the API key parameter, the client's headers (so
 * {@code Last-Event-ID} reaches the backend) without hop-by-hop ones and the credential, plus
 * X-Forwarded-* and X-Request-ID. No idle timeout: a stream may be silent for long (heartbeats are
 * the backend's business); only the time to the response head is bounded, by the caller. One client
 * per event loop, with a connection per stream (a stream holds its connection until it ends).
 */
@ApplicationScoped
class BackendStreams {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final ThreadLocal<HttpClient> clients = new ThreadLocal<>();

    BackendStreams(Vertx vertx, ProxyConfig proxy, RelayConfig relay) {
        this.vertx = vertx;
        this.options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout((int) proxy.connectTimeout().toMillis())
                .setDecompressionSupported(false).setTryUseCompression(false);
        this.pool = new PoolOptions().setHttp1MaxSize(relay.maxBackendSockets()).setMaxWaitQueueSize(-1);
    }

    Future<HttpClientRequest> open(RelayCall call, HttpServerRequest request, String remainder) {
        String query = Forwarding.withoutParam(request.query(), call.api().getAuth().getApiKeyQueryParam());
        MultiMap headers = ForwardedHeaders.toBackend(request.headers(), call.api().getAuth().getApiKeyHeader(),
                call.caller() instanceof Subscribed s && s.kind() == InvocationCredentialKind.OAUTH2_TOKEN,
                request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(),
                request.isSSL() ? "https" : "http", request.host());
        headers.set("X-Request-ID", call.connectionId());
        if (!headers.contains("Accept")) {
            headers.set("Accept", "text/event-stream");
        }
        headers.remove("Content-Length");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(call.backend().host()).setPort(call.backend().port()).setSsl(call.backend().ssl())
                .setURI(call.backend().basePath() + remainder + (query == null ? "" : "?" + query))
                .setHeaders(headers)
                .setConnectTimeout(Math.min(this.options.getConnectTimeout(), call.timeoutMillis()));
        options.putHeader("Host", call.backend().authority());
        return client().request(options);
    }

    private HttpClient client() {
        HttpClient client = clients.get();
        if (client == null) {
            client = vertx.createHttpClient(options, pool);
            clients.set(client);
        }
        return client;
    }
}
