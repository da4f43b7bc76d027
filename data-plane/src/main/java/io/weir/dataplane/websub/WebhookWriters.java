package io.weir.dataplane.websub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.webhook.WebhookContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The hub's two producers: commands to weir.commands and published content to weir.webhook.published.
 * Both idempotent with acks=all; a future completes only once Kafka acknowledged, so an HTTP answer
 * of 202 means the record is durable. {@code send()} runs on a thread of its own, never the event
 * loop: it serializes in the caller's thread, and the registry serde may make a blocking HTTP call
 * there (the first record of a schema) - on the event loop that call never completes.
 */
public final class WebhookWriters implements AutoCloseable {

    private final KafkaProducer<String, CommandEnvelope> commands;
    private final KafkaProducer<String, WebhookContent> content;
    private final String commandsTopic;
    private final String contentTopic;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-writer");
        thread.setDaemon(true);
        return thread;
    });

    public WebhookWriters(GatewayKafka kafka, String nodeId) {
        Map<String, Object> settings = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.commands = kafka.writer(Topics.COMMANDS, "gateway-" + nodeId + "-hub-commands", settings);
        this.content = kafka.writer(Topics.WEBHOOK_PUBLISHED, "gateway-" + nodeId + "-hub-content", settings);
        this.commandsTopic = kafka.topic(Topics.COMMANDS);
        this.contentTopic = kafka.topic(Topics.WEBHOOK_PUBLISHED);
    }

    /** Sends the commands in order (same key, same partition, one idempotent producer). */
    public Future<Void> send(List<CommandEnvelope> envelopes) {
        Future<Void> last = Future.succeededFuture();
        for (CommandEnvelope envelope : envelopes) {
            Future<Void> sent = sent(commands, new ProducerRecord<>(commandsTopic, envelope.getAggregateId(), envelope));
            last = last.compose(ignored -> sent);
        }
        return last;
    }

    public Future<Void> publish(WebhookContent record) {
        return sent(content, new ProducerRecord<>(contentTopic, record.getApiId() + "/" + record.getTopic(), record));
    }

    private <V> Future<Void> sent(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) {
        Promise<Void> promise = Promise.promise();
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error == null) {
                            promise.tryComplete();
                        } else {
                            promise.tryFail(error);
                        }
                    });
                } catch (RuntimeException e) {
                    promise.tryFail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFail(e);
        }
        return promise.future();
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.close(Duration.ofSeconds(5));
        content.close(Duration.ofSeconds(5));
    }
}
