package io.weir.processors.analytics;

import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * {@link InputReplay} with a private consumer (no group, read_committed, like the Streams consumer
 * under exactly-once) built from the Streams app's own connection settings. An undecodable record
 * (a whole batch) is skipped, as the main input's LogAndContinue handler skips it.
 */
final class KafkaInputReplay implements InputReplay {

    private static final Logger LOG = Logger.getLogger(KafkaInputReplay.class);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final Map<String, Object> connection;
    private final Deserializer<InvocationBatch> deserializer;

    KafkaInputReplay(Map<String, Object> streamsConfig, Deserializer<InvocationBatch> deserializer) {
        this.connection = new HashMap<>();
        streamsConfig.forEach((key, value) -> {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                connection.put(key, value);
            }
        });
        this.deserializer = deserializer;
    }

    @Override
    public long replay(TopicPartition partition, long fromOffset, ObjLongConsumer<InvocationBatch> fold) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            if (fromOffset >= end) {
                return fromOffset;
            }
            consumer.seek(partition, fromOffset);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay of " + partition + " from " + fromOffset + " to " + end
                            + " did not finish within " + DEADLINE);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end) {
                        break;
                    }
                    InvocationBatch batch = decode(record);
                    if (batch != null) {
                        fold.accept(batch, record.offset());
                    }
                }
            }
            return end;
        }
    }

    /**
     * The batch, or null (logged) when the record cannot be decoded. A registry that does not answer is
     * not the record's fault: that failure is thrown, failing the task's start as the main input's
     * {@code RegistryOutageHandler} fails the thread, rather than skipping a batch that decodes fine
     * once the registry is back.
     */
    InvocationBatch decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCauseOf(e)) {
                throw e;
            }
            LOG.warnf("skipping undecodable invocation batch at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }
}
