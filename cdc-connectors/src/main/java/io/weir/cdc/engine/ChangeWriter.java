package io.weir.cdc.engine;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.weir.cdc.change.CapturedChange;
import io.weir.cdc.change.ChangeConverter;
import io.weir.cdc.change.TopicSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The engine's batch consumer: each row change goes to its table's topic, and the batch's offsets
 * are marked processed only once Kafka has acknowledged every record of it. So a clean stop loses
 * nothing and repeats nothing; a crash repeats at most what was written since the last offset
 * commit (at least once — consumers dedupe with {@code ChangeDeduplicator}).
 */
final class ChangeWriter implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final ChangeConverter converter;
    private final TopicSchemas schemas;
    private final Producer<String, GenericRecord> producer;
    private final SourceMetrics metrics;

    ChangeWriter(ChangeConverter converter, TopicSchemas schemas, Producer<String, GenericRecord> producer,
                 SourceMetrics metrics) {
        this.converter = converter;
        this.schemas = schemas;
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<CapturedChange> changes = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> record : records) {
            Optional<CapturedChange> change = converter.convert(record.record());
            if (change.isPresent()) {
                CapturedChange c = change.get();
                schemas.ensure(c);
                sent.add(producer.send(new ProducerRecord<>(c.topic(), c.key(), c.value())));
                changes.add(c);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not write to " + changes.get(i).topic() + ": " + e.getMessage(), e);
            }
            metrics.written(changes.get(i));
        }
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }
}
