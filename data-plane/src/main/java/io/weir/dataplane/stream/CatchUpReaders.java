package io.weir.dataplane.stream;

import io.quarkus.runtime.ShutdownEvent;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Replays a topic for resuming clients: from an event id (or a time) up to the positions where the
 * client's live records begin, then hands over. A small fixed pool (config {@code catch-up-readers}),
 * each thread keeping one consumer that it re-assigns per client; clients beyond it wait their turn.
 * A reader waits for the client to take each batch (bounded by {@code catch-up-stall}), so replay
 * never outruns a connection.
 */
@ApplicationScoped
public class CatchUpReaders implements Replay {

    private final ExecutorService pool;
    private final ThreadLocal<Reader> readers;
    private final StreamMetrics metrics;
    private final long stallMillis;

    private record Reader(KafkaConsumer<byte[], byte[]> consumer, RecordDecoder decoder) {
    }

    CatchUpReaders(GatewayKafka kafka, NodeIdentity node, StreamConfig config, StreamMetrics metrics) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.catchUpReaders(), r -> {
            Thread thread = new Thread(r, "stream-catch-up-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.readers = ThreadLocal.withInitial(() -> {
            Reader reader = new Reader(kafka.rawReader("gateway-" + node.nodeId() + "-" + Thread.currentThread().getName(),
                    Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)),
                    new RecordDecoder(kafka.registryUrl()));
            return reader;
        });
        this.metrics = metrics;
        this.stallMillis = config.catchUpStall().toMillis();
    }

    @Override
    public void read(String topic, StartPoint start, Map<Integer, Long> until, Replay.Target target) {
        metrics.catchUps.increment();
        metrics.catchUpsWaiting.incrementAndGet();
        pool.execute(() -> {
            metrics.catchUpsWaiting.decrementAndGet();
            metrics.catchUpsActive.incrementAndGet();
            Reader reader = readers.get();
            try {
                replay(reader, topic, start, until, target);
            } catch (RuntimeException | InterruptedException e) {
                target.onCatchUpFailed("replay failed: " + e.getMessage());
            } finally {
                reader.consumer().assign(List.of());
                metrics.catchUpsActive.decrementAndGet();
            }
        });
    }

    private void replay(Reader reader, String topic, StartPoint start, Map<Integer, Long> until, Replay.Target target)
            throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = reader.consumer();
        List<TopicPartition> partitions = until.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        Map<Integer, Long> starts = starts(consumer, partitions, start, until);
        target.onStart(starts);
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, starts.get(partition.partition()));
            if (starts.get(partition.partition()) < until.get(partition.partition())) {
                remaining.add(partition);
            }
        }
        consumer.pause(partitions.stream().filter(p -> !remaining.contains(p)).toList());
        long lastProgress = System.currentTimeMillis();
        while (!remaining.isEmpty() && !target.cancelled()) {
            List<StreamRecord> batch = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < until.get(record.partition())) {
                    batch.add(reader.decoder().decode(record));
                }
            }
            if (!batch.isEmpty()) {
                try {
                    target.onRecords(batch).get(stallMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException slow) {
                    target.onCatchUpFailed("slow-consumer");
                    return;
                } catch (java.util.concurrent.ExecutionException closed) {
                    return;
                }
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > stallMillis) {
                target.onCatchUpFailed("replay stalled: the broker did not answer");
                return;
            }
            for (TopicPartition partition : List.copyOf(remaining)) {
                if (consumer.position(partition) >= until.get(partition.partition())) {
                    remaining.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
        }
        if (!target.cancelled()) {
            target.onCaughtUp();
        }
    }

    private static Map<Integer, Long> starts(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                             StartPoint start, Map<Integer, Long> until) {
        Map<Integer, Long> starts = new HashMap<>();
        if (start instanceof StartPoint.After after) {
            Map<Integer, Long> next = after.cursor().nextOffsets();
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                // a partition the id does not name was added since: the client has seen none of it
                long from = next.getOrDefault(partition.partition(), beginnings.get(partition));
                starts.put(partition.partition(), Math.max(from, beginnings.get(partition)));
            }
        } else if (start instanceof StartPoint.At at) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, at.epochMillis()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = found.get(partition);
                starts.put(partition.partition(), offset == null ? until.get(partition.partition()) : offset.offset());
            }
        } else {
            starts.putAll(until);
        }
        return starts;
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }
}
