package io.weir.dataplane.throttle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Distributed throttling on this node ({@code weir.gateway.throttling.*}); see docs/throttling.md. */
@ConfigMapping(prefix = "weir.gateway.throttling")
public interface ThrottlingConfig {

    /** Fraction of each quota the live nodes split and admit without waiting; must equal weir.processors.throttling.initial-share. */
    @WithDefault("0.5")
    double initialShare();

    /** A node whose last heartbeat on weir.gateway.nodes is older than this no longer takes a slice. */
    @WithDefault("6s")
    Duration nodeStaleness();

    /** How long after its window ended a counter is kept before it is dropped from memory. */
    @WithDefault("60s")
    Duration counterRetention();
}
