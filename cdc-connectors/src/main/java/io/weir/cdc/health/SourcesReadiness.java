package io.weir.cdc.health;

import io.weir.cdc.CdcSources;
import io.weir.cdc.engine.SourceEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every enabled source streams. Each source is one entry of the check's data: its state
 * and the reason when it is not streaming (the database is down, wrong credentials, wal_level,
 * a missing table, an unknown connector class), and the next attempt.
 */
@Readiness
@ApplicationScoped
public class SourcesReadiness implements HealthCheck {

    private final CdcSources sources;

    SourcesReadiness(CdcSources sources) {
        this.sources = sources;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("CDC sources streaming");
        boolean up = true;
        for (SourceEngine engine : sources.engines()) {
            SourceEngine.Status status = engine.status();
            response.withData(engine.name(), status.state() + (status.state() == SourceEngine.State.STREAMING ? ""
                    : ": " + status.detail()) + " (since " + status.since() + ")");
            up &= status.state() == SourceEngine.State.STREAMING;
        }
        return response.status(up).build();
    }
}
