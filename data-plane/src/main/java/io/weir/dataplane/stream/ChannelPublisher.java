package io.weir.dataplane.stream;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.json.Json;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Produces what WebSocket clients publish to the topic bound to the channel: key as UTF-8, a string
 * payload as its UTF-8 text, any other JSON payload as compact JSON, and the publishing application
 * in the {@code weir-application} header. One idempotent producer per node; sends are handed to one
 * thread, because a first send to a topic waits for its metadata and the event loop must not.
 */
@ApplicationScoped
public class ChannelPublisher {

    static final String APPLICATION_HEADER = "weir-application";

    private final GatewayKafka kafka;
    private final NodeIdentity node;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stream-publisher");
        thread.setDaemon(true);
        return thread;
    });

    ChannelPublisher(GatewayKafka kafka, NodeIdentity node) {
        this.kafka = kafka;
        this.node = node;
    }

    /** Opened on the first publish (on the sender thread), so a node nobody publishes through holds no producer. */
    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = kafka.rawWriter("gateway-" + node.nodeId() + "-stream-publisher", Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000));
        }
        return producer;
    }

    CompletableFuture<RecordMetadata> publish(String topic, String key, Object payload, String applicationId) {
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        byte[] value = (payload instanceof String text ? text : Json.encode(payload)).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(new RecordHeader(APPLICATION_HEADER, applicationId.getBytes(StandardCharsets.UTF_8)));
        sender.execute(() -> {
            try {
                producer().send(record, (metadata, error) -> {
                    if (error == null) {
                        written.complete(metadata);
                    } else {
                        written.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                written.completeExceptionally(e);
            }
        });
        return written;
    }

    void stop(@Observes ShutdownEvent event) {
        sender.shutdown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
