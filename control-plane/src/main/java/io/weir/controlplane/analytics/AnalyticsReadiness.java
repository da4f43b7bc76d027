package io.weir.controlplane.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the analytics aggregates have been read up to where they were at start (DESIGN.md). */
@Readiness
@ApplicationScoped
public class AnalyticsReadiness implements HealthCheck {

    private final AnalyticsIndex index;

    AnalyticsReadiness(AnalyticsIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        String state = index.failure().map(e -> "failed: " + e.getMessage())
                .orElse(index.caughtUp() ? "caught up" : "catching up");
        return HealthCheckResponse.named("analytics caught up").withData(index.topic(), state)
                .status(index.caughtUp() && index.failure().isEmpty()).build();
    }
}
