package io.weir.dataplane.websub;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.edge.EdgeEndpoint;
import io.weir.dataplane.edge.EdgeHandler;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.routing.RouteTable.Resolved;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.websub.callback.CallbackGuard;
import io.weir.dataplane.websub.callback.CallbackPolicy;
import io.weir.dataplane.websub.hub.HubCommands;
import io.weir.dataplane.websub.hub.IntentVerifier;
import io.weir.dataplane.websub.secret.SecretCipher;
import io.weir.schema.api.ApiType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The WebSub edge of a WEBSUB API (and the hub of a STREAM API): {@code POST /{context}/{version}/hub}
 * takes subscription requests ({@link HubEndpoint}), {@code POST /{context}/{version}/{topic}} takes
 * content to deliver ({@link PublishEndpoint}). Delivery itself runs in the background
 * ({@link io.weir.dataplane.websub.delivery}).
 */
@ApplicationScoped
public class WebSubHandler implements EdgeHandler {

    private static final Logger LOG = Logger.getLogger(WebSubHandler.class);

    private final WebhookWriters writers;
    private final HubEndpoint hub;
    private final PublishEndpoint publish;

    WebSubHandler(Vertx vertx, GatewayKafka kafka, GatewayState state, NodeIdentity node, Authenticator authenticator,
                  Throttling throttling, InvocationRecorder recorder, WebhookConfig config, WebhookParts parts) {
        if (WebhookConfig.DEV_KEY.equals(config.secretKey())) {
            LOG.warn("weir.gateway.webhook.secret-key is the public development key: set your own before real use");
        }
        this.writers = new WebhookWriters(kafka, node.nodeId());
        Steps steps = new Steps(state, node, authenticator, throttling, recorder);
        IntentVerifier verifier = new IntentVerifier(vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.verifyTimeout().toMillis())), config.verifyTimeout().toMillis());
        this.hub = new HubEndpoint(steps, config, parts.guard(), verifier,
                new SecretCipher(config.secretKey(), config.keyId()), new HubCommands(node.environment(), node.nodeId()),
                writers, parts.metrics());
        this.publish = new PublishEndpoint(steps, config, writers, parts.metrics());
    }

    /** The shared request steps and where their records go. */
    record Steps(GatewayState state, NodeIdentity node, Authenticator authenticator, Throttling throttling,
                 InvocationRecorder recorder) {
    }

    /** The parts the hub and the delivery share (one CallbackGuard, one set of meters). */
    @ApplicationScoped
    public static class WebhookParts {
        private final CallbackGuard guard;
        private final WebhookMetrics metrics;

        WebhookParts(Vertx vertx, WebhookConfig config, MeterRegistry registry) {
            this.guard = new CallbackGuard(vertx, new CallbackPolicy(config.denyCidrs(), config.allowCidrs()));
            this.metrics = new WebhookMetrics(registry);
        }

        public CallbackGuard guard() {
            return guard;
        }

        public WebhookMetrics metrics() {
            return metrics;
        }
    }

    @Override
    public EdgeEndpoint endpoint() {
        return EdgeEndpoint.WEBSUB;
    }

    @Override
    public void handle(HttpServerRequest request, Resolved resolved) {
        String remainder = resolved.remainder();
        if (EdgeEndpoint.HUB_PATH.equals(remainder)) {
            hub.handle(request, resolved.api().api());
        } else if (resolved.api().api().getApiType() == ApiType.WEBSUB && remainder.length() > 1) {
            publish.handle(request, resolved.api().api(), remainder.substring(1));
        } else {
            new GatewayProblem(404, "resource-not-found", "No such resource",
                    "A WebSub API serves POST /hub and POST /{topic}.").send(request.response(), request.path(), null);
        }
    }

    static boolean isPost(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            return true;
        }
        request.response().putHeader("Allow", "POST");
        return false;
    }

    void stop(@Observes ShutdownEvent event) {
        writers.close();
    }
}
