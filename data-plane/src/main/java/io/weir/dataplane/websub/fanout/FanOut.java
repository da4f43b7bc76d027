package io.weir.dataplane.websub.fanout;

import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.websub.WebhookMetrics;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.webhook.WebhookDispatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Fans content out to subscriptions, exactly once: one consumer group per environment
 * ({@code weir-webhook-fanout-<environment>}) reads weir.webhook.published and the Kafka topics bound
 * to subscribed channels; for each record, one {@link WebhookDispatch} per matching subscription goes
 * to weir.webhook.dispatch in a Kafka transaction that also commits the consumed offsets. A failed
 * transaction is aborted and the batch read again from the committed offsets, so each record is
 * fanned out once for read_committed readers. It starts only when the node has read its gateway
 * topics: fanning out against a half-read subscription list would lose deliveries.
 */
public final class FanOut implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    private final GatewayKafka kafka;
    private final GatewayState state;
    private final BooleanSupplier caughtUp;
    private final Predicate<Map<Integer, Long>> subscriptionsReached;
    private final int sessionTimeoutMillis;
    private final int dispatchesPerTransaction;
    private final WebhookMetrics metrics;
    private final String nodeId;
    private final String dispatchTopic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public FanOut(GatewayKafka kafka, GatewayState state, BooleanSupplier caughtUp,
                  Predicate<Map<Integer, Long>> subscriptionsReached, int sessionTimeoutMillis, int dispatchesPerTransaction,
                  WebhookMetrics metrics, String nodeId) {
        this.kafka = kafka;
        this.state = state;
        this.caughtUp = caughtUp;
        this.subscriptionsReached = subscriptionsReached;
        this.sessionTimeoutMillis = sessionTimeoutMillis;
        this.dispatchesPerTransaction = Math.max(1, dispatchesPerTransaction);
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.dispatchTopic = kafka.topic(Topics.WEBHOOK_DISPATCH);
        this.thread = new Thread(this::run, "webhook-fanout");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (running.get() && !caughtUp.getAsBoolean()) {
            rest(200);
        }
        while (running.get()) {
            try {
                fanOut();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "webhook fan-out failed; starting it again");
                rest(1000);
            }
        }
    }

    private void fanOut() {
        String environment = state.environment();
        ContentSources sources = new ContentSources(kafka.topic(Topics.WEBHOOK_PUBLISHED), state,
                kafka.valueReader(Topics.WEBHOOK_PUBLISHED), kafka.genericAvroReader());
        try (KafkaConsumer<String, byte[]> reader = kafka.groupReader("weir-webhook-fanout-" + environment,
                "gateway-" + nodeId + "-fanout", new ByteArrayDeserializer(),
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMillis,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionTimeoutMillis / 5)));
             SubscriptionBarrier barrier = new SubscriptionBarrier(kafka, nodeId, subscriptionsReached);
             KafkaProducer<String, WebhookDispatch> writer = kafka.writer(Topics.WEBHOOK_DISPATCH, "gateway-" + nodeId + "-dispatch",
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "weir-webhook-fanout-" + environment + "-" + nodeId,
                             ProducerConfig.LINGER_MS_CONFIG, 5,
                             // a dead node's open transaction blocks read_committed readers and the group's
                             // offset fetch until it times out: keep that short (batches commit in milliseconds)
                             ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(10_000, sessionTimeoutMillis)))) {
            consumer = reader;
            writer.initTransactions();
            Set<String> topics = sources.topics();
            reader.subscribe(topics);
            while (running.get()) {
                Set<String> wanted = sources.topics();
                if (!wanted.equals(topics)) {
                    topics = wanted;
                    reader.subscribe(topics); // a newly bound topic starts at its earliest offset (records before verification are filtered)
                }
                ConsumerRecords<String, byte[]> records = reader.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    barrier.await();
                    transact(reader, writer, sources, records);
                }
            }
        }
    }

    /**
     * One poll in transactions of about {@code dispatchesPerTransaction} dispatches, each with the offsets of its
     * records: delivery (read_committed) starts on a large batch's first dispatches while the rest are written.
     */
    private void transact(KafkaConsumer<String, byte[]> reader, KafkaProducer<String, WebhookDispatch> writer,
                          ContentSources sources, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int sent = 0;
        writer.beginTransaction();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                for (Content content : contentOf(sources, record)) {
                    for (WebhookDispatch dispatch : Dispatches.of(content,
                            state.webhookSubscriptions().of(content.apiId(), content.topic()))) {
                        writer.send(new ProducerRecord<>(dispatchTopic, dispatch.getSubscriptionId(), dispatch));
                        sent++;
                    }
                }
                offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                if (sent >= dispatchesPerTransaction) {
                    commit(reader, writer, offsets, sent);
                    offsets.clear();
                    sent = 0;
                    writer.beginTransaction();
                }
            }
            commit(reader, writer, offsets, sent);
        } catch (KafkaException e) {
            LOG.warnf("fan-out transaction aborted (%s); the batch will be read again", e.toString());
            try {
                writer.abortTransaction();
            } catch (KafkaException ignored) {
                // fenced or broken: the outer loop builds a fresh producer and consumer
            }
            throw e;
        }
    }

    private void commit(KafkaConsumer<String, byte[]> reader, KafkaProducer<String, WebhookDispatch> writer,
                        Map<TopicPartition, OffsetAndMetadata> offsets, int sent) {
        if (!offsets.isEmpty()) {
            writer.sendOffsetsToTransaction(offsets, reader.groupMetadata());
        }
        writer.commitTransaction();
        metrics.dispatched(sent);
    }

    private static List<Content> contentOf(ContentSources sources, ConsumerRecord<String, byte[]> record) {
        try {
            return sources.of(record);
        } catch (RuntimeException e) {
            // an undecodable record must not block the topic: it is logged and skipped, its offset committed
            LOG.errorf("skipped undecodable record %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), e.toString());
            return List.of();
        }
    }

    private static void rest(long millis) {
        try {
            Thread.sleep(millis); // waiting for the gateway topics, or backing off after a failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
