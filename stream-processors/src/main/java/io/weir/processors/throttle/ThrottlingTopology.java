package io.weir.processors.throttle;

import io.weir.processors.ProcessorSerdes;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.throttle.ThrottleCharge;
import io.weir.schema.throttle.ThrottleDecision;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The throttling processor: weir.invocation-batches in, weir.throttle.decisions out.
 *
 * <pre>
 * batches ─────► [throttle-charge-sums] ─ every flush ─► (repartition by key) ─► [throttle-counter] ─► decisions
 *                 admitted charges summed per            one sum per counter,     policies (global) ─┘   │
 *                 counter, node and window               node and window      gateway nodes (global) ────┘
 * </pre>
 *
 * Each record is a batch of one API's invocations as a gateway node recorded them; each admitted
 * invocation of it names the counters it was charged to ({@code Invocation.throttleKeys}). The task
 * that reads the batch looks each counter's policy up in the global table of weir.gateway.policies (a
 * counter of an unknown policy is logged and not counted), computes the charge and adds it to a sum per
 * counter, node and window ({@link ThrottleChargeSums}); every charge-flush interval the sums are
 * repartitioned by counter so that one task owns each counter. The counter looks up the live gateway
 * nodes in the global table of weir.gateway.nodes, then counts and grants ({@link ThrottleCounter}).
 * Summing before the repartition is what keeps the processor's cost per invocation small: the broker
 * and both stores see a record per counter and node per flush or commit, not per call.
 *
 * <p>It runs as a Kafka Streams application of its own ({@link ThrottlingApplication}); weir.invocation-batches
 * is also read by the analytics, another one ({@link io.weir.processors.analytics.AnalyticsApplication}).
 * Store, processor and repartition names are part of the contract: renaming one loses state.
 */
public final class ThrottlingTopology {

    public static final String WINDOWS_STORE = "throttle-windows";
    public static final String PENDING_CHARGES_STORE = "throttle-pending-charges";
    public static final String POLICIES_STORE = "throttle-policies";
    public static final String NODES_STORE = "throttle-gateway-nodes";
    /** Repartition of the sums by counter; Kafka Streams names its topic {@code <application id>-<this>-repartition}. */
    public static final String SUMS_BY_KEY = "throttle-charge-sums-by-key";

    private final TopicNaming naming;
    private final ProcessorSerdes serdes;
    private final ThrottlingSettings settings;

    public ThrottlingTopology(TopicNaming naming, ProcessorSerdes serdes, ThrottlingSettings settings) {
        this.naming = naming;
        this.serdes = serdes;
        this.settings = settings;
    }

    /** The topics this topology reads; they must exist before it starts. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.INVOCATION_BATCHES, Topics.GATEWAY_POLICIES, Topics.GATEWAY_NODES);
    }

    public void build(StreamsBuilder builder) {
        builder.globalTable(naming.name(Topics.GATEWAY_POLICIES),
                Consumed.with(Serdes.String(), serdes.of(GatewayPolicy.class)).withName("throttle-policies-in"),
                Materialized.as(POLICIES_STORE));
        builder.globalTable(naming.name(Topics.GATEWAY_NODES),
                Consumed.with(Serdes.String(), serdes.of(GatewayNodeStatus.class)).withName("throttle-gateway-nodes-in"),
                Materialized.as(NODES_STORE));
        // cached: between two commits a sum or a counter changes in memory, RocksDB and the changelog see it once
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_CHARGES_STORE),
                Serdes.String(), serdes.of(ThrottleCharge.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS_STORE),
                Serdes.String(), serdes.of(ThrottleDecision.class)).withCachingEnabled());

        builder.stream(naming.name(Topics.INVOCATION_BATCHES),
                        Consumed.with(Serdes.String(), serdes.of(InvocationBatch.class)).withName("invocations-for-throttling"))
                .process(() -> new ThrottleChargeSums(settings), Named.as("throttle-charge-sums"), PENDING_CHARGES_STORE)
                .repartition(Repartitioned.<String, ThrottleCharge>as(SUMS_BY_KEY)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(ThrottleCharge.class))
                        .withNumberOfPartitions(Topics.THROTTLE_DECISIONS.partitions()))
                .process(() -> new ThrottleCounter(settings), Named.as("throttle-counter"), WINDOWS_STORE)
                .to(naming.name(Topics.THROTTLE_DECISIONS),
                        Produced.with(Serdes.String(), serdes.of(ThrottleDecision.class)).withName("throttle-decisions-out"));
    }
}
