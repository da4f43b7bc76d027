package io.weir.processors.throttle;

import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.throttle.InitialShares;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The live gateway nodes of an environment at a moment (the invocation's timestamp), from the global
 * table of weir.gateway.nodes, by the same rule the nodes use ({@link InitialShares#isLive}). Only the
 * processor's estimate of each node's slice depends on it — when to top a node up — never the bound
 * on what is admitted. Cached for a second of record time per environment.
 */
final class LiveNodes {

    private static final long CACHE_MILLIS = 1_000;

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<GatewayNodeStatus>> nodes;
    private final long stalenessMillis;
    private final Map<String, Snapshot> cache = new HashMap<>();

    private record Snapshot(long at, List<String> live) {
    }

    LiveNodes(ReadOnlyKeyValueStore<String, ValueAndTimestamp<GatewayNodeStatus>> nodes, long stalenessMillis) {
        this.nodes = nodes;
        this.stalenessMillis = stalenessMillis;
    }

    /** Sorted ids of the live nodes of {@code environment} at {@code now}. */
    List<String> of(String environment, long now) {
        Snapshot known = cache.get(environment);
        if (known != null && Math.abs(now - known.at()) < CACHE_MILLIS) {
            return known.live();
        }
        List<String> live = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<GatewayNodeStatus>> all =
                     nodes.prefixScan(environment + "/", new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<GatewayNodeStatus>> next = all.next();
                GatewayNodeStatus status = next.value == null ? null : next.value.value();
                if (status != null && environment.equals(status.getEnvironment())
                        && InitialShares.isLive(status, now, stalenessMillis)) {
                    live.add(status.getNodeId());
                }
            }
        }
        Collections.sort(live);
        List<String> sorted = List.copyOf(live);
        cache.put(environment, new Snapshot(now, sorted));
        return sorted;
    }
}
