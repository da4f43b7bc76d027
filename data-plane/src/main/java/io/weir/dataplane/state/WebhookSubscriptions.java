package io.weir.dataplane.state;

import io.weir.schema.gateway.GatewayWebhookSubscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active WebSub subscriptions of this node's environment, from weir.gateway.webhook-subscriptions
 * (key = subscription id, tombstone = no longer active), indexed by API and topic for the fan-out.
 * {@link #version()} changes with every applied record, so readers can tell when to recompute.
 */
public final class WebhookSubscriptions {

    private final String environment;
    private final Map<String, GatewayWebhookSubscription> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<String, GatewayWebhookSubscription>> byTopic = new ConcurrentHashMap<>();
    private volatile long version;

    WebhookSubscriptions(String environment) {
        this.environment = environment;
    }

    synchronized void apply(String id, GatewayWebhookSubscription subscription) {
        if (id == null) {
            return;
        }
        GatewayWebhookSubscription previous = byId.remove(id);
        if (previous != null) {
            Map<String, GatewayWebhookSubscription> topic = byTopic.get(topicKey(previous.getApiId(), previous.getTopic()));
            if (topic != null) {
                topic.remove(id);
            }
        }
        if (subscription != null && environment.equals(subscription.getEnvironment())) {
            byId.put(id, subscription);
            byTopic.computeIfAbsent(topicKey(subscription.getApiId(), subscription.getTopic()), k -> new ConcurrentHashMap<>())
                    .put(id, subscription);
        }
        version++;
    }

    public Optional<GatewayWebhookSubscription> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Active subscriptions to one topic of one API. */
    public List<GatewayWebhookSubscription> of(String apiId, String topic) {
        Map<String, GatewayWebhookSubscription> subscriptions = byTopic.get(topicKey(apiId, topic));
        return subscriptions == null ? List.of() : List.copyOf(subscriptions.values());
    }

    public List<GatewayWebhookSubscription> all() {
        return List.copyOf(byId.values());
    }

    public long version() {
        return version;
    }

    private static String topicKey(String apiId, String topic) {
        return apiId + "\n" + topic;
    }
}
