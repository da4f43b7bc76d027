package io.weir.dataplane.websub.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.websub.WebhookMetrics;
import io.weir.dataplane.websub.callback.CallbackVerdicts;
import io.weir.dataplane.websub.delivery.CallbackPost.Attempt;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.DeliveryOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Delivers dispatch records, one {@link Lane} per subscription, on one Vert.x context (no locks;
 * {@link Deliverers} gives each event loop one and each subscription always the same one):
 * each attempt re-checks the subscription (tombstoned → skipped; lease over → expired once and
 * skipped; disabled → dead-lettered), asks {@link DeliveryAdmission} (over a tier → the lane waits;
 * subscriber blocked or gone → dead-lettered), checks the callback against the allow/deny list (a
 * verdict at most {@code callback-check-ttl} old), then POSTs; a failure is retried after a full-jitter
 * backoff up to the attempt limit, then dead-lettered; after
 * {@code disable-after-failures} dead-lettered deliveries in a row the subscription is disabled.
 * A finished task (whatever its end) is handed to {@code finished}, once its last record is
 * acknowledged, so its offset can be committed; the lane goes on meanwhile.
 */
final class Deliverer {

    private final Vertx vertx;
    private final Context context;
    private final GatewayState state;
    private final CallbackVerdicts guard;
    private final CallbackPost post;
    private final DeliveryLog log;
    private final SubscriptionCommands commands;
    private final WebhookMetrics metrics;
    private final Backoff backoff;
    private final DeliveryAdmission admission;
    private final int maxAttempts;
    private final Consumer<Task> finished;
    private final Map<String, Lane> lanes = new HashMap<>();

    Deliverer(Vertx vertx, Context context, GatewayState state, CallbackVerdicts guard, CallbackPost post, DeliveryLog log,
              SubscriptionCommands commands, WebhookMetrics metrics, Backoff backoff, DeliveryAdmission admission,
              int maxAttempts, Consumer<Task> finished) {
        this.vertx = vertx;
        this.context = context;
        this.state = state;
        this.guard = guard;
        this.post = post;
        this.log = log;
        this.commands = commands;
        this.metrics = metrics;
        this.backoff = backoff;
        this.admission = admission;
        this.maxAttempts = maxAttempts;
        this.finished = finished;
    }

    /** From any thread: tasks in dispatch order, handed to this deliverer's loop at once (one hand-over per poll). */
    void accept(List<Task> tasks) {
        context.runOnContext(v -> {
            for (Task task : tasks) {
                Lane lane = lanes.computeIfAbsent(task.dispatch.getSubscriptionId(), id -> new Lane());
                lane.queue.add(task);
                next(lane);
            }
        });
    }

    /** From any thread: the partitions were taken away; their tasks stop here (the new owner redelivers). */
    void revoke(Set<org.apache.kafka.common.TopicPartition> partitions) {
        context.runOnContext(v -> lanes.values().forEach(lane -> lane.queue.removeIf(task -> {
            boolean revoked = partitions.contains(task.partition);
            task.cancelled |= revoked;
            return revoked && !(lane.busy && lane.queue.peek() == task);
        })));
    }

    private void next(Lane lane) {
        if (lane.busy || lane.queue.isEmpty()) {
            return;
        }
        lane.busy = true;
        attempt(lane, lane.queue.peek());
    }

    private void attempt(Lane lane, Task task) {
        if (task.cancelled) {
            end(lane, task, false);
            return;
        }
        GatewayWebhookSubscription subscription = state.webhookSubscriptions().get(task.dispatch.getSubscriptionId()).orElse(null);
        if (subscription == null) {
            end(lane, task, true); // tombstoned: cancelled, expired or disabled - nothing more goes to it
            return;
        }
        if (subscription.getLeaseExpiresAt().toEpochMilli() <= System.currentTimeMillis()) {
            commands.expire(subscription);
            end(lane, task, true);
            return;
        }
        if (lane.disabled(subscription.getVersion())) {
            task.attempt++;
            log.attempt(task, subscription.getCallbackUrl(), DeliveryOutcome.DEAD_LETTERED, null, "subscription disabled", null);
            end(lane, task, true);
            return;
        }
        DeliveryAdmission.Verdict verdict = admission.admit(task, subscription, System.currentTimeMillis());
        if (verdict instanceof DeliveryAdmission.Deferred deferred) { // over a tier: the lane waits, the task keeps its place
            vertx.setTimer(deferred.retryAfterMillis(), id -> context.runOnContext(v -> attempt(lane, task)));
            return;
        }
        if (verdict instanceof DeliveryAdmission.Refused) {
            end(lane, task, true); // dead-lettered: the subscriber may not receive it
            return;
        }
        DeliveryAdmission.Admitted admitted = (DeliveryAdmission.Admitted) verdict;
        task.attempt++;
        long startedNanos = System.nanoTime();
        guard.check(subscription.getCallbackUrl())
                .compose(check -> check.allowed() ? post.post(subscription, task.dispatch)
                        : Future.succeededFuture(new Attempt(DeliveryOutcome.FAILED, null, check.reason())))
                .recover(error -> Future.succeededFuture(new Attempt(DeliveryOutcome.FAILED, null, String.valueOf(error.getMessage()))))
                .onSuccess(result -> context.runOnContext(v -> {
                    admission.settle(admitted, task.dispatch.getPayload().remaining());
                    log.invocation(task, subscription, commands.organization(subscription), admitted, result.status(),
                            result.error(), startedNanos);
                    settle(lane, task, subscription, result);
                }));
    }

    private void settle(Lane lane, Task task, GatewayWebhookSubscription subscription, Attempt result) {
        String callback = subscription.getCallbackUrl();
        if (result.outcome() == DeliveryOutcome.DELIVERED) {
            lane.consecutiveFailures = 0;
            log.attempt(task, callback, DeliveryOutcome.DELIVERED, result.status(), null, null);
            end(lane, task, true);
            return;
        }
        if (task.attempt < maxAttempts && !task.cancelled) {
            long delay = backoff.delayMillis(task.attempt, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
            log.attempt(task, callback, result.outcome(), result.status(), result.error(), null);
            log.attempt(task, callback, DeliveryOutcome.PENDING_RETRY, result.status(), result.error(),
                    System.currentTimeMillis() + delay);
            metrics.retryQueue().incrementAndGet();
            vertx.setTimer(Math.max(1, delay), id -> context.runOnContext(v -> {
                metrics.retryQueue().decrementAndGet();
                attempt(lane, task);
            }));
            return;
        }
        log.attempt(task, callback, result.outcome(), result.status(), result.error(), null);
        log.attempt(task, callback, DeliveryOutcome.DEAD_LETTERED, result.status(), result.error(), null);
        lane.consecutiveFailures++;
        if (commands.shouldDisable(lane.consecutiveFailures) && !lane.disabled(subscription.getVersion())) {
            commands.disable(subscription, lane.consecutiveFailures, result.error());
            lane.disabledVersion = subscription.getVersion();
            lane.consecutiveFailures = 0; // counted afresh if the callback subscribes again
        }
        end(lane, task, true);
    }

    private void end(Lane lane, Task task, boolean done) {
        lane.queue.remove(task);
        lane.busy = false;
        if (done && !task.cancelled) {
            task.recorded.onSuccess(v -> finished.accept(task)); // committed only once its outcome is on Kafka
        }
        if (lane.queue.isEmpty() && lane.consecutiveFailures == 0 && lane.disabledVersion < 0) {
            lanes.remove(task.dispatch.getSubscriptionId()); // nothing to remember about it
        }
        next(lane);
    }
}
