package io.weir.controlplane.view;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once weir.gateway.nodes is read up to where it was at start: before that, deployment
 * acknowledgements would report nodes as missing that are merely not read yet.
 */
@Readiness
@ApplicationScoped
public class GatewayNodesReadiness implements HealthCheck {

    private final GatewayNodes nodes;

    GatewayNodesReadiness(GatewayNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public HealthCheckResponse call() {
        TopicMirror<?> mirror = nodes.mirror();
        boolean up = mirror != null && mirror.caughtUp() && mirror.failure().isEmpty();
        String state = mirror == null ? "not started" : mirror.failure().map(e -> "failed: " + e.getMessage())
                .orElse(mirror.caughtUp() ? "caught up" : "catching up");
        return HealthCheckResponse.named("gateway nodes caught up").withData(mirror == null ? "weir.gateway.nodes"
                : mirror.topic(), state).status(up).build();
    }
}
