package io.weir.processors.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class CompanionStreamsTest {

    /** Settings of the main application, as Quarkus' {@code StreamsConfig} has them. */
    private static Map<String, Object> main() {
        return new HashMap<>(Map.of("application.id", "weir-stream-processors", "bootstrap.servers", "broker:9092",
                "processing.guarantee", "exactly_once_v2", "commit.interval.ms", "100",
                "client.id", "processors-1", "state.dir", "/var/lib/weir/streams"));
    }

    @Test
    void runsAsItsOwnApplicationWithItsOwnCommitIntervalAndEveryOtherSettingOfTheMainOne() {
        Properties analytics = CompanionStreams.properties(main(), "analytics", Optional.empty(), Duration.ofMillis(500));

        assertThat(analytics).containsOnly(
                Map.entry("application.id", "weir-stream-processors-analytics"),
                Map.entry("commit.interval.ms", "500"),
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("state.dir", "/var/lib/weir/streams"));
    }

    @Test
    void aConfiguredApplicationIdIsTakenAsItIs() {
        assertThat(CompanionStreams.properties(main(), "throttling", Optional.of("eos-throttling"), Duration.ofSeconds(1)))
                .containsEntry("application.id", "eos-throttling").containsEntry("commit.interval.ms", "1000");
    }

    @Test
    void theMainSettingsAreNotChanged() {
        Map<String, Object> main = main();
        CompanionStreams.properties(main, "analytics", Optional.empty(), Duration.ofMillis(500));
        assertThat(main).containsEntry("application.id", "weir-stream-processors").containsEntry("commit.interval.ms", "100")
                .containsEntry("client.id", "processors-1");
    }

    @Test
    void readyOnlyWhileRunning() {
        assertThat(CompanionStreamsHealth.running(null)).isFalse();
        for (State state : State.values()) {
            assertThat(CompanionStreamsHealth.running(state)).as(state.name()).isEqualTo(state == State.RUNNING);
        }
    }

    @Test
    void notLiveOnceTheClientFailed() {
        assertThat(CompanionStreamsHealth.notFailed(null)).isTrue();
        for (State state : State.values()) {
            assertThat(CompanionStreamsHealth.notFailed(state)).as(state.name())
                    .isEqualTo(state != State.ERROR && state != State.PENDING_ERROR);
        }
    }

    @Test
    void oneCheckReportsEveryCompanionByNameAndIsDownUntilAllAreUp() {
        List<CompanionStreams> notStarted = List.of(new CompanionStreams(topology("analytics")),
                new CompanionStreams(topology("throttling")));

        HealthCheckResponse readiness = CompanionStreamsHealth.response(notStarted, CompanionStreamsHealth::running);
        HealthCheckResponse liveness = CompanionStreamsHealth.response(notStarted, CompanionStreamsHealth::notFailed);

        assertThat(readiness.getName()).isEqualTo("companion Kafka Streams applications");
        assertThat(readiness.getStatus()).isEqualTo(Status.DOWN);
        assertThat(readiness.getData()).hasValueSatisfying(data ->
                assertThat(data).containsOnly(Map.entry("analytics", "null"), Map.entry("throttling", "null")));
        assertThat(liveness.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aCompanionThatCannotStartIsReportedAndNeitherReadyNorLiveButDoesNotThrow() {
        CompanionStreams broken = new CompanionStreams(new NamedTopology("analytics") {
            @Override
            public Topology build() {
                throw new IllegalStateException("no such store: invocation-ids");
            }
        });
        CompanionStreams notStarted = new CompanionStreams(topology("throttling"));

        assertThat(broken.start(main(), exception -> null)).isFalse();

        assertThat(broken.startFailure()).hasMessage("no such store: invocation-ids");
        assertThat(broken.state()).isNull();
        List<CompanionStreams> both = List.of(broken, notStarted);
        HealthCheckResponse liveness = CompanionStreamsHealth.response(both, CompanionStreamsHealth::notFailed);
        assertThat(liveness.getStatus()).isEqualTo(Status.DOWN);
        assertThat(liveness.getData()).hasValueSatisfying(data -> assertThat(data).containsOnly(
                Map.entry("analytics", "failed to start: no such store: invocation-ids"), Map.entry("throttling", "null")));
        assertThat(CompanionStreamsHealth.response(both, CompanionStreamsHealth::running).getStatus()).isEqualTo(Status.DOWN);
    }

    private static CompanionTopology topology(String name) {
        return new NamedTopology(name);
    }

    private static class NamedTopology implements CompanionTopology {

        private final String name;

        NamedTopology(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> applicationId() {
            return Optional.empty();
        }

        @Override
        public Duration commitInterval() {
            return Duration.ofMillis(100);
        }

        @Override
        public Topology build() {
            return new Topology();
        }
    }
}
