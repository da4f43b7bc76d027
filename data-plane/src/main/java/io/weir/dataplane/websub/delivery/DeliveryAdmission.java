package io.weir.dataplane.websub.delivery;

import io.weir.dataplane.http.ThrottleCharges;
import io.weir.dataplane.routing.RoutedApi;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.dataplane.websub.Channels;
import io.weir.dataplane.websub.Channels.Channel;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.DeliveryOutcome;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * May this delivery attempt go out now? Each attempt is one outbound message, charged like a
 * WebSocket or SSE message on the subscriber's subscription tier, its application's tier, the
 * API's policy and the channel's policy ({@link ThrottleCharges}, subject {@code SUBSCRIBE <channel>},
 * the same counter as SSE/WebSocket subscribers of the channel), through {@link Throttling}: local
 * slices, cluster grants, all or nothing. A refusal by a tier defers the attempt (THROTTLED record,
 * the lane waits {@code retryAfter}; never a failure, never dropped). A subscriber that may no longer
 * receive (API subscription blocked, pending or removed; the API blocked, retired or undeployed) is
 * dead-lettered with the refusal's code, without calling the callback. Confined to the deliverer's context.
 */
final class DeliveryAdmission {

    private static final Logger LOG = Logger.getLogger(DeliveryAdmission.class);

    sealed interface Verdict permits Admitted, Deferred, Refused {
    }

    /** Go: the counters charged (settled with the bytes after the attempt) and the admission time (the invocation's). */
    record Admitted(List<Charge> charges, long atMillis, String subscriptionTier) implements Verdict {
        List<String> keys() {
            return charges.stream().map(charge -> charge.key().key()).toList();
        }
    }

    /** Over a tier: try the same task again in {@code retryAfterMillis}. */
    record Deferred(long retryAfterMillis) implements Verdict {
    }

    /** Not to be delivered at all: dead-lettered already (code = why). */
    record Refused(String code) implements Verdict {
    }

    /** Where the THROTTLED and DEAD_LETTERED records go: {@link DeliveryLog#attempt}. */
    @FunctionalInterface
    interface AttemptRecords {
        void attempt(Task task, String callback, DeliveryOutcome outcome, Integer status, String error, Long nextAttemptAt);
    }

    private final GatewayState state;
    private final Throttling throttling;
    private final AttemptRecords log;
    private final Set<String> warned = ConcurrentHashMap.newKeySet(); // deliveries run on every event loop

    DeliveryAdmission(GatewayState state, Throttling throttling, AttemptRecords log) {
        this.state = state;
        this.throttling = throttling;
        this.log = log;
    }

    Verdict admit(Task task, GatewayWebhookSubscription subscription, long nowMillis) {
        RoutedApi routed = state.routes().byApiId(subscription.getApiId());
        GatewayApi api = routed == null ? null : routed.api();
        if (api == null || api.getLifecycleStatus() == LifecycleStatus.BLOCKED || api.getLifecycleStatus() == LifecycleStatus.RETIRED) {
            return refuse(task, subscription, "api-unavailable", "The API is " + (api == null ? "no longer deployed to this environment"
                    : api.getLifecycleStatus().name().toLowerCase(Locale.ROOT)) + ".");
        }
        DeliverySubscriber.Result who = DeliverySubscriber.of(state, subscription);
        if (who instanceof DeliverySubscriber.Refused refused) {
            return refuse(task, subscription, refused.code(), refused.detail());
        }
        DeliverySubscriber.Charged charged = (DeliverySubscriber.Charged) who;
        Channel channel = Channels.find(api, subscription.getTopic()).orElse(null);
        List<Charge> charges = ThrottleCharges.of(state, api, channel == null ? null : channel.throttlingPolicy(),
                "SUBSCRIBE " + (channel == null ? subscription.getTopic() : channel.name()), charged.subscriber());
        Admission admission = charges.isEmpty() ? null : throttling.admit(charges, nowMillis);
        if (admission != null && !admission.admitted()) {
            long wait = Math.max(1, admission.retryAfterMillis());
            log.attempt(task, subscription.getCallbackUrl(), DeliveryOutcome.THROTTLED, null, "throttled-"
                    + admission.reason().toLowerCase(Locale.ROOT) + ": the " + admission.refusedBy().policy().getLevel().name()
                    .toLowerCase(Locale.ROOT) + " policy '" + admission.refusedBy().policy().getName() + "' allows no more now",
                    nowMillis + wait);
            LOG.debugf("delivery %s of %s deferred %d ms by throttling", task.dispatch.getDeliveryId(),
                    subscription.getSubscriptionId(), wait);
            return new Deferred(wait);
        }
        return new Admitted(charges, nowMillis, charged.subscriptionTier());
    }

    /** After an admitted attempt: its bytes count on BANDWIDTH counters (the others were charged on admission). */
    void settle(Admitted admitted, long bytes) {
        if (!admitted.charges().isEmpty()) {
            throttling.settle(admitted.charges(), bytes, admitted.atMillis());
        }
    }

    private Refused refuse(Task task, GatewayWebhookSubscription subscription, String code, String detail) {
        log.attempt(task, subscription.getCallbackUrl(), DeliveryOutcome.DEAD_LETTERED, null, code + ": " + detail, null);
        if (warned.add(subscription.getSubscriptionId() + "|" + code)) {
            LOG.warnf("deliveries to webhook subscription %s are dead-lettered: %s (%s)", subscription.getSubscriptionId(), code, detail);
        }
        return new Refused(code);
    }
}
