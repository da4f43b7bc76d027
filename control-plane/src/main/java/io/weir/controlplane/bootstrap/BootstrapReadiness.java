package io.weir.controlplane.bootstrap;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the platform is seeded, or needed no seed (users exist, or bootstrap is disabled). */
@Readiness
@ApplicationScoped
public class BootstrapReadiness implements HealthCheck {

    private final PlatformSeed seed;

    BootstrapReadiness(PlatformSeed seed) {
        this.seed = seed;
    }

    @Override
    public HealthCheckResponse call() {
        PlatformSeed.State state = seed.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bootstrap done").withData("state", state.name());
        if (state.detail() != null) {
            response.withData("detail", state.detail());
        }
        return response.status(state.done()).build();
    }
}
