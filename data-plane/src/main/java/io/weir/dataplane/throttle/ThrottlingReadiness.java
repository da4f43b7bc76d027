package io.weir.dataplane.throttle;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the node knows its peers and the current decisions: before that it would take a slice
 * of every quota as if it were alone.
 */
@Readiness
@ApplicationScoped
public class ThrottlingReadiness implements HealthCheck {

    private final ThrottleFeed feed;

    ThrottlingReadiness(ThrottleFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("throttle decisions and gateway nodes")
                .status(feed.caughtUp())
                .build();
    }
}
