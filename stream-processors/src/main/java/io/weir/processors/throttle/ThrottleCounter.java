package io.weir.processors.throttle;

import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.throttle.GrantRule;
import io.weir.schema.throttle.InitialShares;
import io.weir.schema.throttle.ThrottleCharge;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.throttle.ThrottleKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

/**
 * Counts the admitted charges of each throttle counter (the record key), as the sums per node and
 * window that {@link ThrottleChargeSums} sends, in the counter's current window and decides with the
 * {@link GrantRule}: the state of a counter is its latest decision (store
 * {@value ThrottlingTopology#WINDOWS_STORE}). A new window, a new grant or a change of blocked is
 * published at once; a change of counts alone is coalesced and published every publish interval
 * (wall clock). A counter whose window ended more than the retention ago is dropped and its decision
 * tombstoned on the compacted topic; a charge of such a window is not counted at all. A sum is counted
 * as charged at its {@code lastChargedAt}, and may top its node up once per call summed, as the calls
 * counted one by one would have.
 *
 * <p>Everything happens in the task's exactly-once transaction: counts, grants and the decisions
 * published with them commit together with the consumed sums, so a crash neither loses nor
 * double-counts a charge — and grants, once published, are in the store they are decided from. The
 * store is cached: a counter's changes between two commits reach RocksDB and the changelog once, and
 * reads (the next sum, the publish and expiry punctuations) see the cache; a delete is a tombstone at
 * the flush.
 */
final class ThrottleCounter implements Processor<String, ThrottleCharge, String, ThrottleDecision> {

    private static final Logger LOG = Logger.getLogger(ThrottleCounter.class);

    private final ThrottlingSettings settings;
    private final GrantRule rule;
    private final Set<String> pending = new LinkedHashSet<>();
    private final ChargeWarnings warnings = new ChargeWarnings(LOG);
    private ProcessorContext<String, ThrottleDecision> context;
    private KeyValueStore<String, ThrottleDecision> windows;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<GatewayPolicy>> policies;
    private LiveNodes nodes;

    ThrottleCounter(ThrottlingSettings settings) {
        this.settings = settings;
        this.rule = new GrantRule(settings.initialShare(), settings.grantLeadTime().toMillis());
    }

    @Override
    public void init(ProcessorContext<String, ThrottleDecision> context) {
        this.context = context;
        this.windows = context.getStateStore(ThrottlingTopology.WINDOWS_STORE);
        this.policies = context.getStateStore(ThrottlingTopology.POLICIES_STORE);
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<GatewayNodeStatus>> nodeStore =
                context.getStateStore(ThrottlingTopology.NODES_STORE);
        this.nodes = new LiveNodes(nodeStore, settings.nodeStaleness().toMillis());
        context.schedule(settings.publishInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishPending);
        Duration sweep = settings.windowRetention().dividedBy(4);
        context.schedule(sweep.isZero() ? Duration.ofSeconds(1) : sweep, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, ThrottleCharge> record) {
        ThrottleCharge charge = record.value();
        ThrottleKeys key = keyOf(record.key());
        if (charge == null || key == null) {
            return;
        }
        ValueAndTimestamp<GatewayPolicy> known = policies.get(key.policyId());
        if (known == null || known.value() == null) { // deleted since the sum was made
            warnings.report(key.policyId(), "throttling policy %s is unknown: %s charged by %s not counted on %s",
                    key.policyId(), charge.getAmount(), charge.getGatewayNode(), key);
            return;
        }
        GatewayPolicy policy = known.value();
        long amount = charge.getAmount();
        long at = charge.getLastChargedAt().toEpochMilli();
        long now = context.currentSystemTimeMs();
        long unit = policy.getLimits().getUnitMillis();
        if (amount <= 0 || unit <= 0
                || InitialShares.windowStart(at, unit) + unit + settings.windowRetention().toMillis() < now) {
            return; // nothing to count, or a window nobody enforces any more (a backlog after downtime)
        }
        String counter = record.key();
        rule.count(windows.get(counter), key, policy, charge.getGatewayNode(), amount, charge.getInvocations(), at,
                nodes.of(key.environment(), at), now).ifPresent(counted -> {
                    windows.put(counter, counted.decision());
                    if (counted.urgent()) {
                        pending.remove(counter);
                        context.forward(record.withValue(counted.decision()));
                    } else {
                        pending.add(counter);
                    }
                });
    }

    private void publishPending(long now) {
        for (String counter : pending) {
            ThrottleDecision decision = windows.get(counter);
            if (decision != null) {
                decision.setDecidedAt(Instant.ofEpochMilli(now));
                context.forward(new Record<>(counter, decision, now));
            }
        }
        pending.clear();
    }

    private void expire(long now) {
        long retention = settings.windowRetention().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ThrottleDecision> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, ThrottleDecision> next = all.next();
                if (next.value == null || next.value.getWindowEnd().toEpochMilli() + retention < now) {
                    expired.add(next.key);
                }
            }
        }
        for (String counter : expired) {
            windows.delete(counter);
            pending.remove(counter);
            context.forward(new Record<>(counter, null, now)); // compacts the old decision away
        }
    }

    private ThrottleKeys keyOf(String key) {
        try {
            return key == null ? null : ThrottleKeys.parse(key);
        } catch (IllegalArgumentException e) {
            warnings.report(key, "not a throttle key, charge not counted: %s", key);
            return null;
        }
    }
}
