package io.weir.processors.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the analytics' Kafka Streams client ({@link AnalyticsStreams}), beside Quarkus' checks of
 * the main one: ready while it runs, not live once it failed (a stream thread died of something other
 * than a registry outage, and the client shut down), so that whoever runs the app restarts it.
 */
@ApplicationScoped
class AnalyticsStreamsHealth {

    private static final String NAME = "analytics Kafka Streams";

    static HealthCheckResponse readiness(KafkaStreams.State state) {
        return response(state == KafkaStreams.State.RUNNING, state);
    }

    static HealthCheckResponse liveness(KafkaStreams.State state) {
        return response(state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR, state);
    }

    private static HealthCheckResponse response(boolean up, KafkaStreams.State state) {
        return HealthCheckResponse.named(NAME).status(up).withData("state", String.valueOf(state)).build();
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck ready(AnalyticsStreams streams) {
        return () -> readiness(streams.state());
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck live(AnalyticsStreams streams) {
        return () -> liveness(streams.state());
    }
}
