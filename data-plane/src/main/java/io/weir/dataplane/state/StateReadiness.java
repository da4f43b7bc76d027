package io.weir.dataplane.state;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the node has read the gateway topics up to where they stood at start. */
@Readiness
@ApplicationScoped
public class StateReadiness implements HealthCheck {

    private final GatewayStateFeeds feeds;

    StateReadiness(GatewayStateFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway state caught up")
                .status(feeds.caughtUp())
                .withData("lagging", String.join(",", feeds.lagging()))
                .build();
    }
}
