package io.weir.dataplane.websub.delivery;

import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.webhook.WebhookDispatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads weir.webhook.dispatch in the environment's delivery group ({@code weir-webhook-delivery-<environment>}),
 * so the partitions - and with them the subscriptions, keyed by id - are spread over the nodes.
 * Records go to the {@link Deliverers}; offsets are committed per partition only up to the lowest
 * task not finished ({@link PartitionProgress}), so a node that dies mid-delivery leaves its tasks
 * to the next owner (at-least-once). With more than {@code max-in-flight} tasks held, the
 * partitions are paused until half have finished.
 */
public final class DeliveryConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);
    /**
     * Finished offsets are committed at most this often while deliveries flow (and always before partitions
     * leave and at close): a commit per poll was a broker round trip per few deliveries. A node that dies
     * redelivers at most this much more (subscribers dedupe on the delivery id).
     */
    private static final long COMMIT_INTERVAL_NANOS = 200_000_000L;

    private final KafkaConsumer<String, WebhookDispatch> consumer;
    private final String topic;
    private final Deliverers deliverer;
    private final BooleanSupplier caughtUp;
    private final int maxInFlight;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Queue<Task> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private boolean paused;
    private long lastCommitNanos = System.nanoTime() - COMMIT_INTERVAL_NANOS;

    DeliveryConsumer(GatewayKafka kafka, String environment, String nodeId, Function<Consumer<Task>, Deliverers> deliverers,
                     BooleanSupplier caughtUp, int maxInFlight, int sessionTimeoutMillis) {
        this.consumer = kafka.groupReader("weir-webhook-delivery-" + environment, "gateway-" + nodeId + "-delivery",
                kafka.valueReader(Topics.WEBHOOK_DISPATCH), Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMillis,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionTimeoutMillis / 5)));
        this.topic = kafka.topic(Topics.WEBHOOK_DISPATCH);
        this.deliverer = deliverers.apply(finished::add);
        this.caughtUp = caughtUp;
        this.maxInFlight = maxInFlight;
        this.thread = new Thread(this::run, "webhook-delivery");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running.get() && !caughtUp.getAsBoolean()) {
                Thread.sleep(200); // deliveries need the subscriptions: wait until the node has read them
            }
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running.get()) {
                settleFinished();
                if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
                    commit();
                }
                flowControl();
                List<Task> tasks = new ArrayList<>();
                for (ConsumerRecord<String, WebhookDispatch> record : consumer.poll(Duration.ofMillis(50))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    progress.computeIfAbsent(partition, p -> new PartitionProgress()).track(record.offset());
                    if (record.value() == null) {
                        progress.get(partition).done(record.offset());
                    } else {
                        tasks.add(new Task(record.value(), partition, record.offset()));
                    }
                }
                if (!tasks.isEmpty()) {
                    deliverer.accept(tasks);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "webhook delivery consumer stopped");
        } finally {
            try {
                settleFinished();
                commit();
            } catch (RuntimeException e) {
                LOG.debugf("last commit failed: %s", e);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void settleFinished() {
        Task task;
        while ((task = finished.poll()) != null) {
            PartitionProgress partition = progress.get(task.partition);
            if (partition != null) {
                partition.done(task.offset);
            }
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, state) -> {
            long offset = state.toCommit();
            if (offset >= 0) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        } catch (KafkaException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            LOG.warnf("webhook delivery offsets not committed (tried again next round): %s", e.toString());
        }
    }

    private void flowControl() {
        int inFlight = progress.values().stream().mapToInt(PartitionProgress::pending).sum();
        if (!paused && inFlight >= maxInFlight) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && inFlight <= maxInFlight / 2) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /** Before partitions leave: commit what finished, then stop their tasks here; new ones start fresh. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            settleFinished();
            commit();
            partitions.forEach(progress::remove);
            deliverer.revoke(new HashSet<>(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
            deliverer.revoke(new HashSet<>(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
