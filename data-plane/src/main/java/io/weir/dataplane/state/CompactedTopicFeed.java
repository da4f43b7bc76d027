package io.weir.dataplane.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads one compacted topic from the beginning on its own thread and hands every record (value
 * null = tombstone) to a listener, forever. It is caught up once it has read to the end offsets it
 * found at start; a node is ready only when all its feeds are. Records are applied in offset order
 * per partition, which is the order the projection wrote them per key.
 */
final class CompactedTopicFeed<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicFeed.class);

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final BiConsumer<String, V> listener;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile long lastAppliedTimestamp;
    private volatile long lastAppliedAt;
    private volatile Map<Integer, Long> positions = Map.of();

    CompactedTopicFeed(String topic, KafkaConsumer<String, V> consumer, BiConsumer<String, V> listener) {
        this.topic = topic;
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::run, "feed-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean caughtUp() {
        return caughtUp;
    }

    String topic() {
        return topic;
    }

    /** Milliseconds between the last applied record's timestamp and when it was applied. */
    long lastLagMillis() {
        return lastAppliedAt == 0 ? 0 : Math.max(0, lastAppliedAt - lastAppliedTimestamp);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            caughtUp = reached(end);
            while (running.get()) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                positions = positions(partitions);
                if (!caughtUp && reached(end)) {
                    caughtUp = true;
                    LOG.infof("caught up with %s", topic);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "feed of %s stopped", topic);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether this feed has applied every record below the given offsets (partition → end offset). */
    boolean hasApplied(Map<Integer, Long> endOffsets) {
        Map<Integer, Long> read = positions;
        return endOffsets.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private Map<Integer, Long> positions(List<TopicPartition> partitions) {
        Map<Integer, Long> read = new java.util.HashMap<>();
        for (TopicPartition partition : partitions) {
            read.put(partition.partition(), consumer.position(partition));
        }
        return read;
    }

    private void apply(ConsumerRecord<String, V> record) {
        try {
            listener.accept(record.key(), record.value());
            lastAppliedTimestamp = record.timestamp();
            lastAppliedAt = System.currentTimeMillis();
        } catch (RuntimeException e) {
            // one bad record must not stop the node from following the topic
            LOG.errorf(e, "skipped %s record at %d/%d key %s", topic, record.partition(), record.offset(), record.key());
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos;
        while ((infos = consumer.partitionsFor(topic, Duration.ofSeconds(60))).isEmpty() && running.get()) {
            LOG.warnf("topic %s does not exist yet; waiting for it", topic);
            pause();
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(1000); // bounded poll for a topic that platform bootstrap has not created yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
