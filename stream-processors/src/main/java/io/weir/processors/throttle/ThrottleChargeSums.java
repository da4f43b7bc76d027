package io.weir.processors.throttle;

import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.InitialShares;
import io.weir.schema.throttle.ThrottleCharge;
import io.weir.schema.throttle.ThrottleKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Sums admitted charges per counter, node and window in the task that reads weir.invocations, and
 * forwards the sums, keyed by counter, every charge-flush interval (wall clock) to be repartitioned to
 * the counter's task ({@link ThrottleCounter}). The broker then carries one small {@link ThrottleCharge}
 * per counter, node and window per flush instead of one whole invocation per counter per call, and the
 * counter folds a sum instead of every call. The price: a decision comes up to one flush interval later.
 *
 * <p>The sums wait in a changelogged, cached state store ({@value ThrottlingTopology#PENDING_CHARGES_STORE}),
 * not in a map, because of exactly-once: the store is flushed at commit, in the same transaction as the
 * consumed invocations' offsets and the sums forwarded (deleted from the store) since the last commit.
 * A crash rolls all three back together; the task restores the pending sums from the changelog and reads
 * the invocations after the committed offsets, so no charge is lost or counted twice. A map would lose
 * every sum not yet forwarded when the offsets of its invocations had already been committed. The cache
 * keeps the store cheap: between commits, a sum's updates stay in memory, and the changelog gets one
 * record per pending sum per commit (a tombstone once it was forwarded).
 *
 * <p>Charges are computed here, against the policy this task sees in the global table: a refused
 * invocation, a key that does not parse, an unknown policy, a charge of nothing or of a window past
 * retention is not summed (the two problems are logged). Sums of one counter and node in two windows are
 * two entries, forwarded oldest window first, so that the counter never sees a window after the next one.
 */
final class ThrottleChargeSums implements Processor<String, Invocation, String, ThrottleCharge> {

    private static final Logger LOG = Logger.getLogger(ThrottleChargeSums.class);
    private static final Comparator<KeyValue<String, ThrottleCharge>> OLDEST_FIRST = Comparator
            .<KeyValue<String, ThrottleCharge>, Instant>comparing(sum -> sum.value.getWindowStart())
            .thenComparing(sum -> sum.value.getLastChargedAt());

    private final ThrottlingSettings settings;
    private final ChargeWarnings warnings = new ChargeWarnings(LOG);
    private ProcessorContext<String, ThrottleCharge> context;
    private KeyValueStore<String, ThrottleCharge> sums;
    /**
     * The sums this processor put since its init, as the store holds them: reading them here spares a
     * store read and an Avro decoding per charge. Rebuilt from empty at every init (after a restore or
     * an aborted transaction the store is the truth); a sum not in it is read from the store.
     */
    private final Map<String, ThrottleCharge> putSinceInit = new HashMap<>();
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<GatewayPolicy>> policies;

    ThrottleChargeSums(ThrottlingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ThrottleCharge> context) {
        this.context = context;
        this.putSinceInit.clear();
        this.sums = context.getStateStore(ThrottlingTopology.PENDING_CHARGES_STORE);
        this.policies = context.getStateStore(ThrottlingTopology.POLICIES_STORE);
        context.schedule(settings.chargeFlushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, Invocation> record) {
        Invocation invocation = record.value();
        if (invocation == null || invocation.getThrottled()) {
            return;
        }
        for (String counter : invocation.getThrottleKeys()) {
            add(counter, invocation);
        }
    }

    private void add(String counter, Invocation invocation) {
        GatewayPolicy policy = policyOf(counter, invocation);
        if (policy == null) {
            return;
        }
        ThrottlingLimits limits = policy.getLimits();
        long amount = InitialShares.charge(invocation, limits);
        long unit = limits.getUnitMillis();
        long at = invocation.getTimestamp().toEpochMilli();
        long start = unit > 0 ? InitialShares.windowStart(at, unit) : 0;
        if (amount <= 0 || unit <= 0
                || start + unit + settings.windowRetention().toMillis() < context.currentSystemTimeMs()) {
            return; // nothing to count, or a window nobody enforces any more (a backlog after downtime)
        }
        String node = invocation.getGatewayNode();
        String sumKey = new ChargeSumKey(counter, start, node).encoded();
        ThrottleCharge sum = putSinceInit.get(sumKey);
        if (sum == null) {
            sum = sums.get(sumKey);
        }
        if (sum == null) {
            sum = new ThrottleCharge(node, Instant.ofEpochMilli(start), invocation.getTimestamp(), 0L, 0L);
        } else if (invocation.getTimestamp().isAfter(sum.getLastChargedAt())) {
            sum.setLastChargedAt(invocation.getTimestamp());
        }
        sum.setAmount(sum.getAmount() + amount);
        sum.setInvocations(sum.getInvocations() + 1);
        sums.put(sumKey, sum);
        putSinceInit.put(sumKey, sum);
    }

    /** Forwards every pending sum, keyed by its counter, and forgets it. */
    private void flush(long now) {
        List<KeyValue<String, ThrottleCharge>> pending = new ArrayList<>();
        try (KeyValueIterator<String, ThrottleCharge> all = sums.all()) {
            all.forEachRemaining(pending::add);
        }
        pending.sort(OLDEST_FIRST);
        for (KeyValue<String, ThrottleCharge> sum : pending) {
            sums.delete(sum.key);
            putSinceInit.remove(sum.key);
            context.forward(new Record<>(ChargeSumKey.parse(sum.key).counter(), sum.value,
                    sum.value.getLastChargedAt().toEpochMilli()));
        }
    }

    @Override
    public void close() {
        putSinceInit.clear();
    }

    /** The policy of a counter, or null (logged) when its key does not parse or the policy is unknown. */
    private GatewayPolicy policyOf(String counter, Invocation invocation) {
        ThrottleKeys key;
        try {
            key = ThrottleKeys.parse(counter);
        } catch (IllegalArgumentException e) {
            warnings.report(counter, "not a throttle key, invocation %s not counted: %s", invocation.getInvocationId(), counter);
            return null;
        }
        ValueAndTimestamp<GatewayPolicy> known = policies.get(key.policyId());
        if (known == null || known.value() == null) {
            warnings.report(key.policyId(), "throttling policy %s is unknown: invocation %s not counted on %s",
                    key.policyId(), invocation.getInvocationId(), key);
            return null;
        }
        return known.value();
    }
}
