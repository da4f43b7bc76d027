package io.weir.controlplane.view;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * An in-memory copy of one compacted view topic (weir.view.*), read from the beginning on its own
 * thread: the latest value per key, tombstones removing. It is caught up once it has read up to the
 * end offsets it saw at start; {@link #awaitVersion} is how a write reads its own effect.
 *
 * @param <V> the view record
 */
public final class TopicMirror<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicMirror.class);

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final ToLongFunction<V> version;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    /** Last version seen per key, kept after a tombstone (as "deleted") so waits on a delete end. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;
    private volatile RuntimeException failure;
    private final Thread thread;

    TopicMirror(String topic, KafkaConsumer<String, V> consumer, ToLongFunction<V> version) {
        this.topic = topic;
        this.consumer = consumer;
        this.version = version;
        this.thread = new Thread(this::run, "mirror-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    public String topic() {
        return topic;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Collection<V> all() {
        return values.values();
    }

    /**
     * Waits (bounded) until the view of {@code key} reflects at least {@code atLeast}, or was deleted.
     *
     * @return true when it did within {@code timeout}
     */
    public boolean awaitVersion(String key, long atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (versions.getOrDefault(key, 0L) < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    records.forEach(record -> apply(record.key(), record.value()));
                    synchronized (this) {
                        notifyAll();
                    }
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "mirror of %s stopped", topic);
        } finally {
            consumer.close();
        }
    }

    private void apply(String key, V value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            values.remove(key);
            versions.put(key, Long.MAX_VALUE);
        } else {
            values.put(key, value);
            versions.put(key, version.applyAsLong(value));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
