package io.weir.dataplane.stream;

import io.quarkus.runtime.ShutdownEvent;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The shared tails of this node, one per topic that has subscribers: opened on the first
 * subscription, closed once it has had none for {@code tail-idle-timeout}. A tail that failed (a
 * topic that does not exist) is replaced on the next subscription.
 */
@ApplicationScoped
public class TopicTails implements StreamSubscription.Tails {

    private final Map<String, TopicTail> tails = new ConcurrentHashMap<>();
    private final GatewayKafka kafka;
    private final NodeIdentity node;
    private final StreamMetrics metrics;
    private final long idleMillis;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "topic-tail-reaper");
        thread.setDaemon(true);
        return thread;
    });

    TopicTails(GatewayKafka kafka, NodeIdentity node, StreamMetrics metrics, StreamConfig config) {
        this.kafka = kafka;
        this.node = node;
        this.metrics = metrics;
        this.idleMillis = config.tailIdleTimeout().toMillis();
        reaper.scheduleWithFixedDelay(this::closeIdle, 5, 5, TimeUnit.SECONDS);
    }

    /** Registers a listener with the topic's tail (opened if needed); see {@link TopicTail#register}. */
    @Override
    public Registration register(String topic, TopicTail.Listener listener) {
        Registration[] registration = new Registration[1];
        tails.compute(topic, (name, existing) -> {
            TopicTail tail = existing != null && existing.running() ? existing : open(name);
            registration[0] = new Registration(() -> tail.unregister(listener), tail.register(listener));
            return tail;
        });
        return registration[0];
    }

    /** A listener's place on a tail: where its live records begin, and how to leave. */
    record Registration(Runnable leave, CompletableFuture<Map<Integer, Long>> positions) {
    }

    private TopicTail open(String topic) {
        TopicTail tail = new TopicTail(topic, kafka.rawReader("gateway-" + node.nodeId() + "-tail-" + topic,
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)),
                new RecordDecoder(kafka.registryUrl()));
        Thread thread = new Thread(() -> {
            metrics.tails.incrementAndGet();
            try {
                tail.run();
            } finally {
                metrics.tails.decrementAndGet();
                tails.remove(topic, tail);
            }
        }, "topic-tail-" + topic);
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    private void closeIdle() {
        long now = System.currentTimeMillis();
        for (String topic : tails.keySet()) {
            tails.computeIfPresent(topic, (name, tail) -> {
                if (tail.listeners() == 0 && now - tail.idleSince() > idleMillis) {
                    tail.stop();
                    return null;
                }
                return tail;
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        reaper.shutdownNow();
        tails.values().forEach(TopicTail::stop);
    }
}
