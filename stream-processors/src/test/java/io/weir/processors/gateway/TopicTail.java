package io.weir.processors.gateway;

import io.weir.schema.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows topics from their current end, read_committed like a gateway, on its own thread: every
 * record that arrives is kept with the moment it was seen, so a test can tell how long a change
 * took to become visible.
 */
final class TopicTail implements AutoCloseable {

    /** One record as seen, with {@link System#nanoTime()} at arrival. */
    record Seen(String topic, String key, Object value, long seenAtNanos) {
    }

    private final KafkaConsumer<String, Object> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TopicTail(String bootstrap, String registry, List<String> topics) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before anything is produced
        thread = new Thread(this::run, "topic-tail");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                consumer.poll(Duration.ofMillis(20)).forEach(record ->
                        seen.add(new Seen(record.topic(), record.key(), record.value(), System.nanoTime())));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** The first record seen at or after {@code sinceNanos} that matches, if any yet. */
    java.util.Optional<Seen> first(long sinceNanos, Predicate<Seen> matching) {
        return seen.stream().filter(s -> s.seenAtNanos() >= sinceNanos).filter(matching).findFirst();
    }

    List<Seen> all() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
