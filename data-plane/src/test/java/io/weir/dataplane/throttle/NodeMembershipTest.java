package io.weir.dataplane.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeMembershipTest {

    private final NodeMembership members = new NodeMembership("production", "node-b", 6_000);

    @Test
    void ranksTheLiveNodesOfItsEnvironmentBySortedIdCountingItself() {
        assertThat(members.at(10_000)).as("nothing heard yet").isEqualTo(Membership.ALONE);

        heard("production", "node-a", GatewayNodeState.READY, 10_000);
        heard("production", "node-c", GatewayNodeState.STARTING, 10_000);
        heard("production", "node-d", GatewayNodeState.DRAINING, 10_000);
        heard("sandbox", "node-0", GatewayNodeState.READY, 10_000);

        assertThat(members.at(10_000)).isEqualTo(new Membership(3, 1));
    }

    @Test
    void aPeerIsStaleWhenNewerHeartbeatsShowTimeWentOnWithoutIt() {
        heard("production", "node-a", GatewayNodeState.READY, 10_000);
        heard("production", "node-b", GatewayNodeState.READY, 16_000);
        assertThat(members.at(16_000).nodes()).isEqualTo(2);

        heard("production", "node-b", GatewayNodeState.READY, 16_001);

        assertThat(members.at(16_001)).isEqualTo(Membership.ALONE);
    }

    @Test
    void withoutNewHeartbeatsTheLastMembershipHolds() {
        heard("production", "node-a", GatewayNodeState.READY, 10_000);
        heard("production", "node-b", GatewayNodeState.READY, 10_000);

        assertThat(members.at(60_000).nodes()).as("Kafka silent for 50 s: nobody is judged stale").isEqualTo(2);
    }

    @Test
    void aStoppedOrRemovedPeerNoLongerCounts() {
        heard("production", "node-a", GatewayNodeState.READY, 10_000);
        heard("production", "node-a", GatewayNodeState.STOPPED, 11_000);
        assertThat(members.at(11_000)).isEqualTo(Membership.ALONE);

        heard("production", "node-c", GatewayNodeState.READY, 11_000);
        members.heard("production/node-c", null);
        assertThat(members.at(11_000)).isEqualTo(Membership.ALONE);
    }

    private void heard(String environment, String node, GatewayNodeState state, long at) {
        members.heard(environment + "/" + node, GatewayNodeStatus.newBuilder().setEnvironment(environment)
                .setNodeId(node).setStartedAt(Instant.ofEpochMilli(0)).setHeartbeatAt(Instant.ofEpochMilli(at))
                .setStatus(state).build());
    }
}
