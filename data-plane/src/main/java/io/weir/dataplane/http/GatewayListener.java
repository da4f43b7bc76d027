package io.weir.dataplane.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.MultithreadEventLoopGroup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The edge node's HTTP listener: a Vert.x core server per event loop on {@code quarkus.http.host} and
 * {@code quarkus.http.port}, Quarkus' own server left unbound ({@code quarkus.http.host-enabled=false}).
 * A request under {@code /q/} (health, metrics) goes to Quarkus' router as it would have; every other one
 * to {@link HttpGateway} directly, without Quarkus' root handler and Vert.x Web's router and routing
 * context in between — on a loaded node they were ~3 % of the event loops' time for a decision made by a
 * prefix. The server takes the options Quarkus' would have, built by Quarkus from {@code quarkus.http.*}
 * ({@link #serverOptions}). A request the HTTP decoder cannot read (line or headers too long, not HTTP) is
 * answered with a problem by {@link HttpGateway#refuseUnreadable}, not Vert.x' bare status. The node's
 * connections are counted and limited by {@code quarkus.http.limits.max-connections} ({@link ConnectionLimit}).
 */
@Singleton
public class GatewayListener {

    private static final Logger LOG = Logger.getLogger(GatewayListener.class);
    private static final String MANAGEMENT_PREFIX = "/q/";

    private final Vertx vertx;
    private final HttpGateway gateway;
    private final HttpServerOptions options;
    private final ConnectionLimit connections;
    private String deployment;

    GatewayListener(Vertx vertx, HttpGateway gateway, MeterRegistry meters) {
        this.vertx = vertx;
        this.gateway = gateway;
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        this.options = serverOptions(config);
        this.connections = new ConnectionLimit(config.getConfigMapping(VertxHttpConfig.class).limits().maxConnections(), meters);
    }

    /**
     * The options Quarkus' own server would have had, built by Quarkus' own code from its {@code quarkus.http.*}
     * configuration (limits, idle timeout, TCP and HTTP/2 settings, PROXY protocol, compression), plus what
     * Quarkus adds beside that: host, port and the WebSocket sizes.
     */
    static HttpServerOptions serverOptions(SmallRyeConfig config) {
        VertxHttpConfig http = config.getConfigMapping(VertxHttpConfig.class);
        HttpServerOptions options = new HttpServerOptions();
        HttpServerOptionsUtils.applyCommonOptions(options, config.getConfigMapping(VertxHttpBuildTimeConfig.class), http, null);
        options.setHost(http.host()).setPort(http.port());
        http.websocketServer().maxFrameSize().ifPresent(options::setMaxWebSocketFrameSize);
        http.websocketServer().maxMessageSize().ifPresent(options::setMaxWebSocketMessageSize);
        return options;
    }

    void start(@Observes StartupEvent started) throws Exception {
        int loops = ((MultithreadEventLoopGroup) ((VertxInternal) vertx).getEventLoopGroup()).executorCount();
        Handler<HttpServerRequest> quarkus = VertxHttpRecorder.getRootHandler();
        deployment = vertx.deployVerticle(() -> new Listening(options, connections, request -> route(request, quarkus), gateway::refuseUnreadable),
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
        private final Handler<HttpConnection> connections;
        private final Handler<HttpServerRequest> handler;
        private final Handler<HttpServerRequest> unreadable;

        Listening(HttpServerOptions options, Handler<HttpConnection> connections, Handler<HttpServerRequest> handler,
                  Handler<HttpServerRequest> unreadable) {
            this.options = options;
            this.connections = connections;
            this.handler = handler;
            this.unreadable = unreadable;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions(options)).connectionHandler(connections).requestHandler(handler)
                    .invalidRequestHandler(unreadable).listen()
                    .<Void>mapEmpty().onComplete(started);
        }
    }
}
