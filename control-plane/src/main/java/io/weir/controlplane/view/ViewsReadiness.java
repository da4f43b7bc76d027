package io.weir.controlplane.view;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every management view has been read up to where it was at start (DESIGN.md). */
@Readiness
@ApplicationScoped
public class ViewsReadiness implements HealthCheck {

    private final Views views;

    ViewsReadiness(Views views) {
        this.views = views;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("management views caught up");
        boolean up = true;
        for (TopicMirror<?> mirror : views.all()) {
            String state = mirror.failure().map(e -> "failed: " + e.getMessage())
                    .orElse(mirror.caughtUp() ? "caught up" : "catching up");
            response.withData(mirror.topic(), state);
            up &= mirror.caughtUp() && mirror.failure().isEmpty();
        }
        return response.status(up).build();
    }
}
