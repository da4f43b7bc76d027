package io.weir.controlplane.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the control plane ({@code weir.control-plane.*}). */
@ConfigMapping(prefix = "weir.control-plane")
public interface ControlPlaneConfig {

    /** Prefix of every Weir topic. */
    @WithDefault("weir.")
    String topicPrefix();

    /** How long a write waits for its command result before answering 504. */
    @WithDefault("15s")
    Duration commandTimeout();

    /** How long a write waits, after its result, for the view to show it (read-your-writes). */
    @WithDefault("10s")
    Duration readYourWritesTimeout();

    /** A gateway node whose last heartbeat is older than this is not counted live in deployment acknowledgements. */
    @WithDefault("10s")
    Duration gatewayNodeStaleness();
}
