package io.weir.dataplane.throttle;

import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.throttle.InitialShares;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live gateway nodes of this node's environment, from the heartbeats on weir.gateway.nodes: a
 * node counts while it is READY or STARTING and heard from within the staleness bound. This node
 * always counts itself, heartbeat or not. Ranks follow the sorted node ids, as the processor's do.
 *
 * <p>Staleness is measured against the newest heartbeat read (this node's own come back every
 * heartbeat interval), not the wall clock: a node cut off from Kafka, or a cluster whose broker is
 * down, keeps the membership it last saw instead of concluding that it is alone and taking every
 * slice for itself.
 */
final class NodeMembership {

    private final String environment;
    private final String nodeId;
    private final long stalenessMillis;
    private final Map<String, GatewayNodeStatus> nodes = new ConcurrentHashMap<>();
    private volatile long newestHeartbeat = Long.MIN_VALUE;

    NodeMembership(String environment, String nodeId, long stalenessMillis) {
        this.environment = environment;
        this.nodeId = nodeId;
        this.stalenessMillis = stalenessMillis;
    }

    /** A heartbeat (or tombstone, null) keyed {@code <environment>/<nodeId>}; other environments are ignored. */
    void heard(String key, GatewayNodeStatus status) {
        if (key == null || !key.startsWith(environment + "/")) {
            return;
        }
        if (status == null) {
            nodes.remove(key);
        } else if (environment.equals(status.getEnvironment())) {
            nodes.put(key, status);
            newestHeartbeat = Math.max(newestHeartbeat, status.getHeartbeatAt().toEpochMilli());
        }
    }

    Membership at(long now) {
        long reference = Math.min(now, newestHeartbeat);
        List<String> live = new ArrayList<>();
        for (GatewayNodeStatus status : nodes.values()) {
            if (!status.getNodeId().equals(nodeId) && InitialShares.isLive(status, reference, stalenessMillis)) {
                live.add(status.getNodeId());
            }
        }
        live.add(nodeId);
        Collections.sort(live);
        return new Membership(live.size(), live.indexOf(nodeId));
    }
}
