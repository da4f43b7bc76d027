package io.weir.dataplane.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;
import io.weir.dataplane.proxy.ProxyOutcome.Relayed;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.util.function.Consumer;

/**
 * Forwards a request to its backend over pooled keep-alive connections and streams both bodies
 * through without buffering them (back-pressure by Vert.x pipes). Timeouts become 504, connection
 * failures 502, an oversized chunked body 413; once the response has started, a failure resets the
 * client's connection rather than truncating the body silently.
 */
@ApplicationScoped
public class BackendProxy {

    /** Everything needed to send one request on. */
    public record Forward(BackendUrl backend, String pathAndQuery, MultiMap headers, long timeoutMillis,
                          long maxBodyBytes, Consumer<HttpServerResponse> beforeHead) {
    }

    /** Bodies up to this size, announced by Content-Length, are relayed in one write with the head. */
    private static final long SMALL_BODY_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    private final PoolOptions pool;
    private final long connectTimeoutMillis;
    /**
     * One client per event loop: its pooled connections then belong to the loop that serves the
     * client's request, so a request and its backend exchange never hop between threads (each hop
     * is a queue and a wake-up system call).
     */
    private final ThreadLocal<HttpClient> clients = new ThreadLocal<>();

    BackendProxy(Vertx vertx, ProxyConfig config) {
        this.vertx = vertx;
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.clientOptions = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) config.keepAliveTimeout().toSeconds())
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setTryUseCompression(false);
        this.pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend()).setMaxWaitQueueSize(-1);
    }

    private HttpClient client() {
        HttpClient client = clients.get();
        if (client == null) {
            client = vertx.createHttpClient(clientOptions, pool);
            clients.set(client);
        }
        return client;
    }

    public void forward(HttpServerRequest in, HttpServerResponse out, Forward forward, Consumer<ProxyOutcome> done) {
        long started = System.nanoTime();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(forward.backend().host())
                .setPort(forward.backend().port())
                .setSsl(forward.backend().ssl())
                .setURI(forward.backend().basePath() + forward.pathAndQuery())
                .setHeaders(forward.headers())
                .setConnectTimeout(Math.min(connectTimeoutMillis, forward.timeoutMillis()))
                .setIdleTimeout(forward.timeoutMillis());
        options.putHeader("Host", forward.backend().authority());
        client().request(options).onComplete(opened -> {
            if (opened.failed()) {
                done.accept(failure(opened.cause(), started));
                return;
            }
            HttpClientRequest request = opened.result();
            io.vertx.core.Future<HttpClientResponse> sent;
            if (RequestBodies.hasBody(in)) {
                // announced length: sent with the same Content-Length; chunked: relayed chunk by chunk
                sent = request.send(new LimitedBody(in, forward.maxBodyBytes()));
            } else {
                // no body (no Content-Length, no Transfer-Encoding): one write, no empty chunked body
                in.resume();
                sent = request.send();
            }
            sent.onComplete(answered -> {
                if (answered.failed()) {
                    done.accept(failure(answered.cause(), started));
                    return;
                }
                relay(in, answered.result(), out, forward, started, done);
            });
        });
    }

    private static void relay(HttpServerRequest in, HttpClientResponse response, HttpServerResponse out, Forward forward,
                              long started, Consumer<ProxyOutcome> done) {
        // a reset after the client went away is expected: handled below, not logged as an error per call
        response.exceptionHandler(error -> {
            if (!out.ended() && !out.closed()) {
                out.reset();
            }
        });
        long backendMicros = (System.nanoTime() - started) / 1000;
        if (out.closed()) {
            response.request().reset();
            done.accept(new Relayed(response.statusCode(), backendMicros));
            return;
        }
        out.setStatusCode(response.statusCode());
        if (response.statusMessage() != null) {
            out.setStatusMessage(response.statusMessage());
        }
        ForwardedHeaders.toClient(response.headers(), out.headers());
        if (response.getHeader("Content-Length") == null && mayHaveBody(in.method(), response.statusCode())) {
            out.setChunked(true);
        }
        forward.beforeHead().accept(out);
        done.accept(new Relayed(response.statusCode(), backendMicros));
        if (isSmall(response)) {
            // a small announced body goes out with its head in one write (nginx buffers the same way)
            response.body().onComplete(body -> {
                if (body.succeeded()) {
                    out.end(body.result());
                } else if (!out.ended() && !out.closed()) {
                    out.reset();
                }
            });
            return;
        }
        response.pipe().endOnFailure(false).to(out).onFailure(error -> {
            response.request().reset(); // the client went away or the backend broke off: free both sides
            if (!out.ended() && !out.closed()) {
                out.reset();
            }
        });
    }

    private static boolean isSmall(HttpClientResponse response) {
        String length = response.getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) <= SMALL_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean mayHaveBody(HttpMethod method, int status) {
        return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }

    private static Failed failure(Throwable error, long started) {
        long micros = (System.nanoTime() - started) / 1000;
        if (error instanceof LimitedBody.BodyTooLarge tooLarge) {
            return new Failed(413, "body-too-large", "The request body is larger than this API accepts.", micros);
        }
        String name = error.getClass().getSimpleName() + " " + error.getMessage();
        if (name.toLowerCase().contains("timeout") || name.toLowerCase().contains("timed out")) {
            return new Failed(504, "backend-timeout", "The backend did not answer in time.", micros);
        }
        if (error instanceof ConnectException || name.contains("Connection refused")) {
            return new Failed(502, "backend-unreachable", "The backend could not be reached.", micros);
        }
        return new Failed(502, "backend-failed", "The backend connection failed before it answered.", micros);
    }
}
