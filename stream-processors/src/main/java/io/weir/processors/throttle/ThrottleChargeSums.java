package io.weir.processors.throttle;

import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.InitialShares;
import io.weir.schema.throttle.ThrottleCharge;
import io.weir.schema.throttle.ThrottleKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * Sums admitted charges per counter, node and window in the task that reads weir.invocation-batches,
 * and forwards the sums, keyed by counter, every charge-flush interval (wall clock) to be repartitioned to
 * the counter's task ({@link ThrottleCounter}). The broker then carries one small {@link ThrottleCharge}
 * per counter, node and window per flush instead of one whole invocation per counter per call, and the
 * counter folds a sum instead of every call. The price: a decision comes up to one flush interval later.
 *
 * <p>The sums wait in a changelogged, cached state store ({@value ThrottlingTopology#PENDING_CHARGES_STORE}),
 * not in a map, because of exactly-once: the store is flushed at commit, in the same transaction as the
 * consumed batches' offsets and the sums forwarded (deleted from the store) since the last commit.
 * A crash rolls all three back together; the task restores the pending sums from the changelog and reads
 * the batches after the committed offsets, so no charge is lost or counted twice (a batch is charged
 * whole within one record's processing, never across a commit). A map would lose every sum not yet
 * forwarded when the offsets of its invocations' batches had already been committed. The cache
 * keeps the store cheap: between commits, a sum's updates stay in memory, and the changelog gets one
 * record per pending sum per commit (a tombstone once it was forwarded).
 *
 * <p>Each invocation of a batch is charged on its own, exactly as if it had come in a record of its own:
 * the batch only saves the broker and Kafka Streams a record per invocation, it changes no sum.
 *
 * <p>Charges are computed here, against the policy this task sees in the global table: a refused
 * invocation, a key that does not parse, an unknown policy, a charge of nothing or of a window past
 * retention is not summed (the two problems are logged). Sums of one counter and node in two windows are
 * two entries, forwarded oldest window first, so that the counter never sees a window after the next one.
 */
final class ThrottleChargeSums implements Processor<String, InvocationBatch, String, ThrottleCharge> {

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
    /** Sums the batch being processed changed: written to the store once each when it is done. */
    private final Set<String> changedByBatch = new LinkedHashSet<>();
    /**
     * Each policy (null: unknown) as read for the batch being processed, by policy id: one global table
     * read and decoding per policy and batch, however many of the batch's counters share it (a subscription
     * tier's policy has a counter per subscription). Forgotten after the batch, so a policy change applies
     * from the next batch on.
     */
    private final Map<String, GatewayPolicy> policiesOfBatch = new HashMap<>();
    /** Each counter's policy (null: not countable) in the batch being processed: a key is parsed once per batch. */
    private final Map<String, GatewayPolicy> countersOfBatch = new HashMap<>();

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
    public void process(Record<String, InvocationBatch> record) {
        if (record.value() == null) {
            return;
        }
        for (Invocation invocation : record.value().getInvocations()) {
            charge(invocation);
        }
        // the store sees each sum the batch changed once, not once per invocation charged to it
        for (String sumKey : changedByBatch) {
            sums.put(sumKey, putSinceInit.get(sumKey));
        }
        changedByBatch.clear();
        policiesOfBatch.clear();
        countersOfBatch.clear();
    }

    /** Adds an admitted invocation to the sum of every counter it was charged to; a refused one to none. */
    private void charge(Invocation invocation) {
        if (invocation.getThrottled()) {
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
        putSinceInit.put(sumKey, sum);
        changedByBatch.add(sumKey);
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
        changedByBatch.clear();
        policiesOfBatch.clear();
        countersOfBatch.clear();
    }

    /** The policy of a counter, or null (logged) when its key does not parse or the policy is unknown. */
    private GatewayPolicy policyOf(String counter, Invocation invocation) {
        if (countersOfBatch.containsKey(counter)) {
            return countersOfBatch.get(counter);
        }
        GatewayPolicy policy = lookUp(counter, invocation);
        countersOfBatch.put(counter, policy);
        return policy;
    }

    private GatewayPolicy lookUp(String counter, Invocation invocation) {
        ThrottleKeys key;
        try {
            key = ThrottleKeys.parse(counter);
        } catch (IllegalArgumentException e) {
            warnings.report(counter, "not a throttle key, invocation %s not counted: %s", invocation.getInvocationId(), counter);
            return null;
        }
        GatewayPolicy policy = policyOfBatch(key.policyId());
        if (policy == null) {
            warnings.report(key.policyId(), "throttling policy %s is unknown: invocation %s not counted on %s",
                    key.policyId(), invocation.getInvocationId(), key);
        }
        return policy;
    }

    private GatewayPolicy policyOfBatch(String policyId) {
        if (policiesOfBatch.containsKey(policyId)) {
            return policiesOfBatch.get(policyId);
        }
        ValueAndTimestamp<GatewayPolicy> known = policies.get(policyId);
        GatewayPolicy policy = known == null ? null : known.value();
        policiesOfBatch.put(policyId, policy);
        return policy;
    }
}
