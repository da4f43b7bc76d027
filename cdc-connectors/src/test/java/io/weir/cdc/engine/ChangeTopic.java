package io.weir.cdc.engine;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.weir.schema.cdc.ChangeRecord;
import io.weir.schema.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a CDC topic from the beginning, as any consumer would (Avro through the registry, generic records). */
final class ChangeTopic implements AutoCloseable {

    /** One change as the tests compare them: operation and row id (after, else before). */
    record Change(String op, Object id, String key, GenericRecord value, long timestamp) {
        @Override
        public String toString() {
            return op + ":" + id;
        }
    }

    private final KafkaConsumer<String, GenericRecord> consumer;
    private final List<Change> read = new ArrayList<>();

    ChangeTopic(String bootstrapServers, String registryUrl, String topic) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrapServers, registryUrl, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(config);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Everything read so far, after polling once more. */
    List<Change> changes() {
        for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(200))) {
            GenericRecord value = record.value();
            GenericRecord row = (GenericRecord) (value.get(ChangeRecord.AFTER) != null ? value.get(ChangeRecord.AFTER)
                    : value.get(ChangeRecord.BEFORE));
            read.add(new Change(value.get(ChangeRecord.OP).toString(), row == null ? null : row.get("id"), record.key(),
                    value, record.timestamp()));
        }
        return List.copyOf(read);
    }

    List<String> summary() {
        return changes().stream().map(Change::toString).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
