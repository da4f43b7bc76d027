package io.weir.processors.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class AnalyticsStreamsTest {

    /** Settings of the main application, as Quarkus' {@code StreamsConfig} has them. */
    private static Map<String, Object> main() {
        return new HashMap<>(Map.of("application.id", "weir-stream-processors", "bootstrap.servers", "broker:9092",
                "processing.guarantee", "exactly_once_v2", "commit.interval.ms", "100",
                "client.id", "processors-1", "state.dir", "/var/lib/weir/streams"));
    }

    @Test
    void runsAsItsOwnApplicationWithItsOwnCommitIntervalAndEveryOtherSettingOfTheMainOne() {
        Properties analytics = AnalyticsStreams.properties(main(), Optional.empty(), Duration.ofMillis(500));

        assertThat(analytics).containsOnly(
                Map.entry("application.id", "weir-stream-processors-analytics"),
                Map.entry("commit.interval.ms", "500"),
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("state.dir", "/var/lib/weir/streams"));
    }

    @Test
    void aConfiguredApplicationIdIsTakenAsItIs() {
        assertThat(AnalyticsStreams.properties(main(), Optional.of("eos-analytics"), Duration.ofSeconds(1)))
                .containsEntry("application.id", "eos-analytics").containsEntry("commit.interval.ms", "1000");
    }

    @Test
    void theMainSettingsAreNotChanged() {
        Map<String, Object> main = main();
        AnalyticsStreams.properties(main, Optional.empty(), Duration.ofMillis(500));
        assertThat(main).containsEntry("application.id", "weir-stream-processors").containsEntry("commit.interval.ms", "100")
                .containsEntry("client.id", "processors-1");
    }

    @Test
    void readyOnlyWhileRunning() {
        assertThat(AnalyticsStreamsHealth.readiness(null).getStatus()).isEqualTo(Status.DOWN);
        for (State state : State.values()) {
            assertThat(AnalyticsStreamsHealth.readiness(state).getStatus()).as(state.name())
                    .isEqualTo(state == State.RUNNING ? Status.UP : Status.DOWN);
        }
    }

    @Test
    void notLiveOnceTheClientFailed() {
        assertThat(AnalyticsStreamsHealth.liveness(null).getStatus()).isEqualTo(Status.UP);
        for (State state : State.values()) {
            assertThat(AnalyticsStreamsHealth.liveness(state).getStatus()).as(state.name())
                    .isEqualTo(state == State.ERROR || state == State.PENDING_ERROR ? Status.DOWN : Status.UP);
        }
    }
}
