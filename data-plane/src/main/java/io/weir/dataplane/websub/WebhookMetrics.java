package io.weir.dataplane.websub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.schema.webhook.DeliveryOutcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The hub's meters: delivery attempts by outcome, the retry queue, dead letters, disables, failed verifications. */
public final class WebhookMetrics {

    private final Map<DeliveryOutcome, Counter> attempts = new EnumMap<>(DeliveryOutcome.class);
    private final Counter disabled;
    private final Counter expired;
    private final Counter verificationFailures;
    private final Counter published;
    private final Counter dispatched;
    private final AtomicLong retryQueue = new AtomicLong();

    public WebhookMetrics(MeterRegistry registry) {
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            if (outcome != DeliveryOutcome.UNSPECIFIED) {
                attempts.put(outcome, Counter.builder("weir.gateway.webhook.deliveries")
                        .description("Webhook delivery attempts by outcome (DEAD_LETTERED counts dead-lettered deliveries)")
                        .tag("outcome", outcome.name().toLowerCase()).register(registry));
            }
        }
        disabled = Counter.builder("weir.gateway.webhook.disabled")
                .description("Subscriptions this node disabled after consecutive failed deliveries").register(registry);
        expired = Counter.builder("weir.gateway.webhook.expired")
                .description("Subscriptions this node found past their lease and expired").register(registry);
        verificationFailures = Counter.builder("weir.gateway.webhook.verification.failures")
                .description("Subscription requests whose intent verification failed").register(registry);
        published = Counter.builder("weir.gateway.webhook.published")
                .description("Content records accepted by the publish endpoint").register(registry);
        dispatched = Counter.builder("weir.gateway.webhook.dispatched")
                .description("Dispatch records written by this node's fan-out").register(registry);
        registry.gauge("weir.gateway.webhook.retry.queue", retryQueue);
    }

    public void attempt(DeliveryOutcome outcome) {
        Counter counter = attempts.get(outcome);
        if (counter != null) {
            counter.increment();
        }
    }

    public void disabled() {
        disabled.increment();
    }

    public void expired() {
        expired.increment();
    }

    public void verificationFailed() {
        verificationFailures.increment();
    }

    public void published() {
        published.increment();
    }

    public void dispatched(int count) {
        dispatched.increment(count);
    }

    /** Deliveries waiting for their next attempt on this node. */
    public AtomicLong retryQueue() {
        return retryQueue;
    }
}
