package io.weir.dataplane.websub.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.websub.WebhookMetrics;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import io.weir.schema.webhook.DeliveryOutcome;
import io.weir.schema.webhook.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes what happened to each attempt: a {@link WebhookDelivery} on weir.webhook.deliveries (and,
 * for a dead-lettered delivery, on weir.webhook.deliveries.dead-letter), one outbound MESSAGE
 * invocation per attempt made (a THROTTLED deferral is not one), and the meters. Idempotent producer, acks=all.
 * A task's offset is committed only once its last record is acknowledged ({@link Task#recorded}); a record
 * the producer gives up on is written again, so an outcome is never committed unrecorded.
 */
final class DeliveryLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class);

    private final KafkaProducer<String, WebhookDelivery> producer;
    private final String deliveries;
    private final String deadLetters;
    private final InvocationRecorder recorder;
    private final WebhookMetrics metrics;
    private final String environment;
    private final String nodeId;
    /** Sends leave the event loop: the registry serde may block in send() (see WebhookWriters). */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-delivery-log");
        thread.setDaemon(true);
        return thread;
    });

    DeliveryLog(GatewayKafka kafka, InvocationRecorder recorder, WebhookMetrics metrics, String environment, String nodeId) {
        this.producer = kafka.writer(Topics.WEBHOOK_DELIVERIES, "gateway-" + nodeId + "-deliveries",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 10));
        this.deliveries = kafka.topic(Topics.WEBHOOK_DELIVERIES);
        this.deadLetters = kafka.topic(Topics.WEBHOOK_DELIVERIES_DEAD_LETTER);
        this.recorder = recorder;
        this.metrics = metrics;
        this.environment = environment;
        this.nodeId = nodeId;
    }

    /** Writes the attempt's record; {@code task.recorded} completes once Kafka has acknowledged it (and its dead letter). */
    void attempt(Task task, String callback, DeliveryOutcome outcome, Integer status, String error, Long nextAttemptAt) {
        WebhookDelivery record = record(task, callback, outcome, status, error, nextAttemptAt);
        Future<Void> recorded = send(deliveries, record);
        metrics.attempt(outcome);
        if (outcome == DeliveryOutcome.DEAD_LETTERED) {
            recorded = Future.all(recorded, send(deadLetters, record)).mapEmpty();
        }
        task.recorded = recorded;
    }

    /** One admitted attempt: an outbound MESSAGE at its admission time, carrying the counters it was charged to. */
    void invocation(Task task, GatewayWebhookSubscription subscription, String organization, DeliveryAdmission.Admitted admitted,
                    Integer status, String error, long startedNanos) {
        Invocation invocation = new Invocation();
        invocation.setInvocationId(UUID.randomUUID().toString());
        invocation.setTimestamp(Instant.ofEpochMilli(admitted.atMillis()));
        invocation.setApiId(task.dispatch.getApiId());
        invocation.setEnvironment(environment);
        invocation.setOrganization(organization);
        invocation.setApplicationId(subscription.getApplicationId());
        invocation.setSubscriptionTier(admitted.subscriptionTier());
        invocation.setCredentialKind(InvocationCredentialKind.NONE);
        invocation.setMethod("POST");
        invocation.setResource(task.dispatch.getTopic());
        invocation.setStatusCode(status == null ? 0 : status);
        invocation.setRequestBytes(0);
        invocation.setResponseBytes(task.dispatch.getPayload().remaining());
        invocation.setGatewayLatencyMicros((System.nanoTime() - startedNanos) / 1000);
        invocation.setGatewayNode(nodeId);
        invocation.setProtocol(Protocol.WEBSUB);
        invocation.setKind(InvocationKind.MESSAGE);
        invocation.setDirection(MessageDirection.OUTBOUND);
        invocation.setMessageCount(1);
        invocation.setErrorCode(error == null ? null : "delivery-failed");
        invocation.setCorrelationId(task.dispatch.getDeliveryId());
        invocation.setThrottleKeys(admitted.keys()); // the throttling processor counts each admitted attempt once per key
        recorder.record(invocation);
    }

    private WebhookDelivery record(Task task, String callback, DeliveryOutcome outcome, Integer status, String error,
                                   Long nextAttemptAt) {
        return WebhookDelivery.newBuilder()
                .setDeliveryId(task.dispatch.getDeliveryId()).setSubscriptionId(task.dispatch.getSubscriptionId())
                .setApiId(task.dispatch.getApiId()).setTopic(task.dispatch.getTopic()).setCallbackUrl(callback)
                .setAttempt(Math.max(1, task.attempt)).setOutcome(outcome).setHttpStatus(status)
                .setNextAttemptAt(nextAttemptAt == null ? null : Instant.ofEpochMilli(nextAttemptAt))
                .setPayload(task.dispatch.getPayload().duplicate()).setContentType(task.dispatch.getContentType())
                .setPublishedAt(task.dispatch.getPublishedAt()).setAttemptedAt(Instant.now()).setGatewayNode(nodeId)
                .setError(error).build();
    }

    private Future<Void> send(String topic, WebhookDelivery record) {
        Promise<Void> recorded = Promise.promise();
        submit(() -> write(topic, record, recorded), 0, record);
        return recorded.future();
    }

    private void submit(Runnable write, long delayMillis, WebhookDelivery record) {
        try {
            Executor executor = delayMillis <= 0 ? sender : CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, sender);
            executor.execute(write);
        } catch (RejectedExecutionException e) {
            // never acknowledged: its offset is not committed, the partition's next owner delivers it again
            LOG.errorf("delivery record %s (%s) not written: node stopping", record.getDeliveryId(), record.getOutcome());
        }
    }

    /** Until Kafka acknowledges it: a record the producer gave up on is written again a second later. */
    private void write(String topic, WebhookDelivery record, Promise<Void> recorded) {
        try {
            producer.send(new ProducerRecord<>(topic, record.getSubscriptionId(), record), (metadata, failure) -> {
                if (failure == null) {
                    recorded.tryComplete();
                } else {
                    LOG.errorf("delivery record %s (%s) not acknowledged, writing it again: %s", record.getDeliveryId(),
                            record.getOutcome(), failure.toString());
                    submit(() -> write(topic, record, recorded), 1000, record);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf("delivery record %s (%s) not written, writing it again: %s", record.getDeliveryId(), record.getOutcome(), e.toString());
            submit(() -> write(topic, record, recorded), 1000, record);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
