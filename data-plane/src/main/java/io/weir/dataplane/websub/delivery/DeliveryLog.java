package io.weir.dataplane.websub.delivery;

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

    void attempt(Task task, String callback, DeliveryOutcome outcome, Integer status, String error, Long nextAttemptAt) {
        WebhookDelivery record = record(task, callback, outcome, status, error, nextAttemptAt);
        send(deliveries, record);
        metrics.attempt(outcome);
        if (outcome == DeliveryOutcome.DEAD_LETTERED) {
            send(deadLetters, record);
        }
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

    private void send(String topic, WebhookDelivery record) {
        try {
            sender.execute(() -> write(topic, record));
        } catch (RejectedExecutionException e) {
            LOG.errorf("delivery record %s (%s) not written: node stopping", record.getDeliveryId(), record.getOutcome());
        }
    }

    private void write(String topic, WebhookDelivery record) {
        try {
            producer.send(new ProducerRecord<>(topic, record.getSubscriptionId(), record), (metadata, failure) -> {
                if (failure != null) {
                    LOG.errorf("delivery record %s (%s) lost: %s", record.getDeliveryId(), record.getOutcome(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf("delivery record %s (%s) not written: %s", record.getDeliveryId(), record.getOutcome(), e.toString());
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
