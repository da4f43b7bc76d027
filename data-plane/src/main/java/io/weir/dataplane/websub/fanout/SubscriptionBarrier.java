package io.weir.dataplane.websub.fanout;

import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes the fan-out wait until the node has applied every record that weir.gateway.webhook-subscriptions
 * holds now. Content in hand was published before this moment, so a subscription written before it is
 * known when the content is fanned out: the projection's record and the content race no more. The end
 * offsets come from a reader of its own that is assigned the partitions and never polls.
 */
final class SubscriptionBarrier implements AutoCloseable {

    private static final long LIMIT_MILLIS = 30_000;

    private final KafkaConsumer<String, GatewayWebhookSubscription> probe;
    private final Predicate<Map<Integer, Long>> applied;

    SubscriptionBarrier(GatewayKafka kafka, String nodeId, Predicate<Map<Integer, Long>> applied) {
        this.applied = applied;
        this.probe = kafka.reader(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS, "gateway-" + nodeId + "-fanout-probe");
        String topic = kafka.topic(Topics.GATEWAY_WEBHOOK_SUBSCRIPTIONS);
        probe.assign(probe.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
    }

    /** @throws IllegalStateException when the node is more than 30 s behind (the fan-out then starts again) */
    void await() {
        Map<Integer, Long> end = new HashMap<>();
        probe.endOffsets(probe.assignment()).forEach((partition, offset) -> end.put(partition.partition(), offset));
        long deadline = System.currentTimeMillis() + LIMIT_MILLIS;
        while (!applied.test(end)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the webhook subscriptions feed is more than 30 s behind");
            }
            try {
                Thread.sleep(10); // the feed applies on its own thread; a short wait, bounded above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
