package io.weir.dataplane.websub.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.websub.WebhookConfig;
import io.weir.dataplane.websub.WebhookMetrics;
import io.weir.dataplane.websub.WebhookWriters;
import io.weir.dataplane.websub.callback.CallbackGuard;
import io.weir.dataplane.websub.callback.CallbackVerdicts;
import io.weir.dataplane.websub.hub.HubCommands;
import io.weir.dataplane.websub.secret.SecretCipher;
import java.util.function.BooleanSupplier;

/**
 * Assembles this node's delivery: the consumer of weir.webhook.dispatch, one deliverer per event loop
 * (sharing one HTTP client, its keep-alive pool per callback host, and the callback verdicts), the
 * delivery log and the subscription commands.
 */
public final class WebhookDeliveries implements AutoCloseable {

    private final DeliveryLog log;
    private final DeliveryConsumer consumer;

    public WebhookDeliveries(Vertx vertx, GatewayKafka kafka, GatewayState state, BooleanSupplier caughtUp,
                           InvocationRecorder recorder, Throttling throttling, WebhookWriters writers, CallbackGuard guard,
                           WebhookMetrics metrics, WebhookConfig config, String nodeId) {
        this.log = new DeliveryLog(kafka, recorder, metrics, state.environment(), nodeId);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.deliveryTimeout().toMillis()).setKeepAlive(true)
                .setMaxPoolSize(config.callbackConnections()));
        SecretCipher cipher = new SecretCipher(config.secretKey(), config.keyId());
        CallbackVerdicts verdicts = new CallbackVerdicts(guard, config.callbackCheckTtl().toMillis());
        SubscriptionCommands commands = new SubscriptionCommands(new HubCommands(state.environment(), nodeId), writers, metrics,
                config.disableAfterFailures());
        Backoff backoff = new Backoff(config.initialBackoff().toMillis(), config.maxBackoff().toMillis());
        DeliveryAdmission admission = new DeliveryAdmission(state, throttling, log::attempt);
        this.consumer = new DeliveryConsumer(kafka, state.environment(), nodeId,
                finished -> new Deliverers(vertx, config.deliveryLoops(), context -> new Deliverer(vertx, context, state, verdicts,
                        new CallbackPost(client, config.deliveryTimeout().toMillis(), cipher, state, config.publicUrl()),
                        log, commands, metrics, backoff, admission, config.maxAttempts(), finished)),
                caughtUp, config.maxInFlight(), (int) config.sessionTimeout().toMillis());
    }

    public void start() {
        consumer.start();
    }

    @Override
    public void close() {
        consumer.close();
        log.close();
    }
}
