package io.weir.dataplane.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * Forwards a request to its backend over pooled keep-alive HTTP/1.1 connections and streams both
 * bodies through without buffering them. Timeouts become 504, connection failures 502, an oversized
 * chunked body 413; once the response has started, a failure resets the client's connection rather
 * than truncating the body silently.
 *
 * <p>The backend side is plain Netty on the event loop that serves the client's connection, each
 * loop with its own pools: a request and its backend exchange never hop between threads, and none of
 * Vert.x's HTTP client machinery (per-request futures, pool actors, header copies) sits on the path.
 * The gateway benchmark measured that machinery as most of the gap between a Vert.x proxy and nginx.
 */
@Singleton
public class BackendProxy {

    /** Everything needed to send one request on. */
    public record Forward(BackendUrl backend, String pathAndQuery, MultiMap headers, long timeoutMillis,
                          long maxBodyBytes, Consumer<HttpServerResponse> beforeHead) {
    }

    private final VertxInternal vertx;
    private final BackendConnector connector;
    private final int maxConnections;
    private final long keepAliveNanos;
    private final long connectTimeoutMillis;
    private final FastThreadLocal<LoopPools> pools = new FastThreadLocal<>();

    BackendProxy(Vertx vertx, ProxyConfig config) {
        this.vertx = (VertxInternal) vertx;
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.connector = new BackendConnector(this.vertx, new BackendTls(config.trustCertificates()), connectTimeoutMillis);
        this.maxConnections = config.maxConnectionsPerBackend();
        this.keepAliveNanos = config.keepAliveTimeout().toNanos();
    }

    public void forward(HttpServerRequest in, HttpServerResponse out, Forward forward, Consumer<ProxyOutcome> done) {
        ContextInternal context = ContextInternal.current();
        EventLoop loop = context != null ? context.nettyEventLoop() : vertx.getOrCreateContext().nettyEventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(() -> forward(loop, in, out, forward, done));
            return;
        }
        forward(loop, in, out, forward, done);
    }

    private void forward(EventLoop loop, HttpServerRequest in, HttpServerResponse out, Forward forward,
                         Consumer<ProxyOutcome> done) {
        LoopPools loopPools = pools.get();
        if (loopPools == null) {
            loopPools = new LoopPools(loop, connector, maxConnections, keepAliveNanos);
            pools.set(loopPools);
        }
        new BackendExchange(in, out, forward, done, loopPools.pool(forward.backend()), loopPools.deadlines(),
                loopPools.flushes(), RequestBodies.hasBody(in))
                .start(connectTimeoutMillis);
    }
}
