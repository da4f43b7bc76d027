package io.weir.dataplane.websub;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.state.GatewayStateFeeds;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.websub.WebSubHandler.WebhookParts;
import io.weir.dataplane.websub.delivery.WebhookDeliveries;
import io.weir.dataplane.websub.fanout.FanOut;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts the node's share of webhook work when {@code weir.gateway.webhook.delivery-enabled}: the
 * fan-out (content → one dispatch per subscription, exactly once) and the delivery (dispatch →
 * POST to the callback, at-least-once), each in its environment's consumer group.
 */
@ApplicationScoped
public class WebhookBackground {

    private final FanOut fanOut;
    private final WebhookDeliveries delivery;
    private final WebhookWriters writers;

    WebhookBackground(Vertx vertx, GatewayKafka kafka, GatewayState state, GatewayStateFeeds feeds, NodeIdentity node,
                      InvocationRecorder recorder, Throttling throttling, WebhookParts parts, WebhookConfig config) {
        boolean enabled = config.deliveryEnabled();
        this.writers = enabled ? new WebhookWriters(kafka, node.nodeId() + "-delivery") : null;
        this.fanOut = enabled ? new FanOut(kafka, state, feeds::caughtUp, feeds::webhookSubscriptionsReached,
                (int) config.sessionTimeout().toMillis(), config.fanOutTransactionDispatches(), parts.metrics(), node.nodeId()) : null;
        this.delivery = enabled ? new WebhookDeliveries(vertx, kafka, state, feeds::caughtUp, recorder, throttling, writers, parts.guard(),
                parts.metrics(), config, node.nodeId()) : null;
    }

    void start(@Observes StartupEvent event) {
        if (fanOut != null) {
            fanOut.start();
            delivery.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (fanOut != null) {
            fanOut.close();
            delivery.close();
            writers.close();
        }
    }
}
