package io.weir.harness.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {

    @Test
    void aSingleNodeCanRunExactlyOnce() {
        Map<String, String> p = ServerProperties.of(1, 9092, 9093, Path.of("/tmp/k/data"),
                List.of(new ServerProperties.Voter(1, 9093)));

        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:9093")
                .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.dirs", "/tmp/k/data");
    }

    @Test
    void aThreeNodeClusterSurvivesOneNodeDown() {
        List<ServerProperties.Voter> voters = List.of(
                new ServerProperties.Voter(1, 9101), new ServerProperties.Voter(2, 9102), new ServerProperties.Voter(3, 9103));

        Map<String, String> p = ServerProperties.of(2, 9002, 9102, Path.of("/tmp/k2"), voters);

        assertThat(p).containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@localhost:9101,2@localhost:9102,3@localhost:9103")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
        assertThat(ServerProperties.render(p)).contains("\nnode.id=2\n");
    }
}
