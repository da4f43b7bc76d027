package io.weir.processors.throttle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The throttling processor ({@code weir.processors.throttling.*}); see docs/throttling.md. */
@ConfigMapping(prefix = "weir.processors.throttling")
public interface ThrottlingConfig {

    /** Fraction of each quota the gateway nodes split without waiting; must equal weir.gateway.throttling.initial-share. */
    @WithDefault("0.5")
    double initialShare();

    /** A node is topped up when it would run dry within this time at its rate: about one decision round trip. */
    @WithDefault("500ms")
    Duration grantLeadTime();

    /** A gateway node whose last heartbeat is older than this no longer counts in the split. */
    @WithDefault("6s")
    Duration nodeStaleness();

    /** Admitted charges are summed per counter, node and window and sent to the counters this often; decisions may come this much later. */
    @WithDefault("50ms")
    Duration chargeFlushInterval();

    /** Decisions whose only change is a count are published at most this often per counter. */
    @WithDefault("100ms")
    Duration publishInterval();

    /** How long after its window ended a counter's state is kept before it is dropped (and its decision tombstoned). */
    @WithDefault("60s")
    Duration windowRetention();

    /**
     * The exactly-once commit interval of the throttling processor's own Kafka Streams application
     * ({@link ThrottlingApplication}): decisions reach the gateway nodes at a commit, so it bounds how late
     * they are, together with {@link #chargeFlushInterval()} and the nodes' own batching.
     */
    @WithDefault("100ms")
    Duration commitInterval();

    /**
     * Application id (and consumer group) of the throttling processor's Kafka Streams application; by
     * default the main application's ({@code quarkus.kafka-streams.application-id}) with {@code -throttling}
     * appended.
     */
    Optional<String> applicationId();
}
