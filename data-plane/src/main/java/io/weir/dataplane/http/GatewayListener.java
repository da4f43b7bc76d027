package io.weir.dataplane.http;

import io.netty.channel.MultithreadEventLoopGroup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The edge node's HTTP listener: a Vert.x core server per event loop on {@code quarkus.http.host} and
 * {@code quarkus.http.port}, Quarkus' own server left unbound ({@code quarkus.http.host-enabled=false}).
 * A request under {@code /q/} (health, metrics) goes to Quarkus' router as it would have; every other one
 * to {@link HttpGateway} directly, without Quarkus' root handler and Vert.x Web's router and routing
 * context in between — on a loaded node they were ~3 % of the event loops' time for a decision made by a
 * prefix. The server takes the settings Quarkus' would have: header and line limits, idle timeout,
 * WebSocket frame and message sizes, h2c.
 */
@Singleton
public class GatewayListener {

    private static final Logger LOG = Logger.getLogger(GatewayListener.class);
    private static final String MANAGEMENT_PREFIX = "/q/";

    private final Vertx vertx;
    private final HttpGateway gateway;
    private final HttpServerOptions options;
    private String deployment;

    GatewayListener(Vertx vertx, HttpGateway gateway,
                    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host,
                    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
                    @ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "30M") Duration idleTimeout,
                    @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K") MemorySize maxHeaderSize,
                    @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxInitialLine,
                    @ConfigProperty(name = "quarkus.http.limits.max-chunk-size", defaultValue = "8192") MemorySize maxChunkSize,
                    @ConfigProperty(name = "quarkus.http.http2", defaultValue = "true") boolean http2,
                    @ConfigProperty(name = "quarkus.http.websocket-server.max-frame-size") Optional<Integer> maxFrameSize,
                    @ConfigProperty(name = "quarkus.http.websocket-server.max-message-size") Optional<Integer> maxMessageSize) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.options = new HttpServerOptions().setHost(host).setPort(port)
                .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(maxHeaderSize.asBigInteger().intValueExact())
                .setMaxInitialLineLength(maxInitialLine)
                .setMaxChunkSize(maxChunkSize.asBigInteger().intValueExact())
                .setHttp2ClearTextEnabled(http2);
        maxFrameSize.ifPresent(options::setMaxWebSocketFrameSize);
        maxMessageSize.ifPresent(options::setMaxWebSocketMessageSize);
    }

    void start(@Observes StartupEvent started) throws Exception {
        int loops = ((MultithreadEventLoopGroup) ((VertxInternal) vertx).getEventLoopGroup()).executorCount();
        Handler<HttpServerRequest> quarkus = VertxHttpRecorder.getRootHandler();
        deployment = vertx.deployVerticle(() -> new Listening(options, request -> route(request, quarkus)),
                        new DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("Weir gateway listening on http://%s:%d (%d event loops)", options.getHost(), options.getPort(), loops);
    }

    void stop(@Observes ShutdownEvent stopping) throws Exception {
        if (deployment != null) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void route(HttpServerRequest request, Handler<HttpServerRequest> quarkus) {
        String path = request.path();
        if (path != null && path.startsWith(MANAGEMENT_PREFIX)) {
            quarkus.handle(request);
            return;
        }
        if (!request.isEnded()) {
            request.pause(); // the gateway's steps decide what becomes of the body
        }
        gateway.handle(request);
    }

    /** One event loop's server; Vert.x shares the port between the instances and spreads connections over them. */
    private static final class Listening extends AbstractVerticle {

        private final HttpServerOptions options;
        private final Handler<HttpServerRequest> handler;

        Listening(HttpServerOptions options, Handler<HttpServerRequest> handler) {
            this.options = options;
            this.handler = handler;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(handler).listen()
                    .<Void>mapEmpty().onComplete(started);
        }
    }
}
