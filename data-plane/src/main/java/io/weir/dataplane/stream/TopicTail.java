package io.weir.dataplane.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The live end of one topic on this node: one consumer without a group, assigned every partition,
 * starting at the end, on its own thread. Each record is decoded once and handed to every listener.
 * Registration runs on the tail's thread between two polls, so the positions it answers are exactly
 * where the listener's live records begin: everything at or after them reaches the listener, nothing
 * before does. A resuming client reads up to those positions with a catch-up reader.
 */
final class TopicTail implements Runnable {

    private static final Logger LOG = Logger.getLogger(TopicTail.class);
    private static final Duration POLL = Duration.ofMillis(50);

    /** Receives every batch the tail reads, on the tail's thread: it must only hand them on. */
    interface Listener {
        void onLive(List<StreamRecord> records);

        void onTailFailed(String reason);
    }

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final AtomicInteger listenerCount = new AtomicInteger();
    private volatile boolean running = true;
    private volatile String failure;
    private volatile long idleSince = System.currentTimeMillis();

    TopicTail(String topic, KafkaConsumer<byte[], byte[]> consumer, RecordDecoder decoder) {
        this.topic = topic;
        this.consumer = consumer;
        this.decoder = decoder;
    }

    /** Completes on the tail's thread with the next offset per partition where the listener's records begin. */
    CompletableFuture<Map<Integer, Long>> register(Listener listener) {
        CompletableFuture<Map<Integer, Long>> positions = new CompletableFuture<>();
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the tail of " + topic + " is closed"));
        }
        listenerCount.incrementAndGet();
        command(() -> {
            if (failure != null) {
                listenerCount.decrementAndGet();
                positions.completeExceptionally(new IllegalStateException(failure));
                return;
            }
            listeners.add(listener);
            Map<Integer, Long> at = new HashMap<>();
            for (TopicPartition partition : consumer.assignment()) {
                at.put(partition.partition(), consumer.position(partition));
            }
            positions.complete(at);
        });
        return positions;
    }

    void unregister(Listener listener) {
        command(() -> {
            if (listeners.remove(listener) && listenerCount.decrementAndGet() == 0) {
                idleSince = System.currentTimeMillis();
            }
        });
    }

    int listeners() {
        return listenerCount.get();
    }

    long idleSince() {
        return idleSince;
    }

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    /**
     * Runs between two polls. No {@code wakeup()}: it would also interrupt the position lookups the
     * commands make; a short poll bounds how long a registration waits instead.
     */
    private void command(Runnable command) {
        commands.add(command);
    }

    @Override
    public void run() {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position); // resolve the end now, so registrations answer at once
            while (running) {
                for (Runnable command; (command = commands.poll()) != null; ) {
                    command.run();
                }
                poll();
            }
        } catch (RuntimeException e) {
            LOG.errorf("tail of %s stopped: %s", topic, e.toString());
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(2));
            decoder.close();
        }
    }

    private void poll() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
        if (polled.isEmpty() || listeners.isEmpty()) {
            return;
        }
        List<StreamRecord> batch = new ArrayList<>(polled.count());
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            batch.add(decoder.decode(record));
        }
        List<StreamRecord> shared = List.copyOf(batch);
        for (Listener listener : listeners) {
            listener.onLive(shared);
        }
    }

    private void fail(String reason) {
        running = false;
        failure = reason;
        for (Runnable command; (command = commands.poll()) != null; ) {
            command.run(); // pending registrations fail with the reason
        }
        for (Listener listener : listeners) {
            listener.onTailFailed(reason);
        }
    }
}
