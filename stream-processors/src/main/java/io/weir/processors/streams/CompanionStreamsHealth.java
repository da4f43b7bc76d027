package io.weir.processors.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the companion Kafka Streams clients ({@link CompanionApplications}), beside Quarkus' check of
 * the main one: one check, with each companion's state as data (keyed by name). Ready while every one
 * runs; not live once one failed (a stream thread died of something other than a registry outage, and the
 * client shut down) or could not even start, so that whoever runs the app restarts it.
 */
@ApplicationScoped
class CompanionStreamsHealth {

    static final String NAME = "companion Kafka Streams applications";

    static boolean running(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING;
    }

    static boolean notFailed(KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    interface Rule {
        boolean up(KafkaStreams.State state);
    }

    static HealthCheckResponse response(List<CompanionStreams> companions, Rule rule) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME);
        boolean up = true;
        for (CompanionStreams companion : companions) {
            RuntimeException startFailure = companion.startFailure();
            if (startFailure != null) { // neither ready nor live: its settings or topology need a fix and a restart
                up = false;
                builder.withData(companion.name(), "failed to start: " + startFailure.getMessage());
                continue;
            }
            KafkaStreams.State state = companion.state();
            up &= rule.up(state);
            builder.withData(companion.name(), String.valueOf(state));
        }
        return builder.status(up).build();
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck ready(CompanionApplications applications) {
        return () -> response(applications.companions(), CompanionStreamsHealth::running);
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck live(CompanionApplications applications) {
        return () -> response(applications.companions(), CompanionStreamsHealth::notFailed);
    }
}
