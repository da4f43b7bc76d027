package io.weir.processors.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the analytics aggregation ({@code weir.processors.analytics.*}); every duration is
 * event time behind the stream time of a partition (the newest invocation timestamp it has seen).
 */
@ConfigMapping(prefix = "weir.processors.analytics")
public interface AnalyticsConfig {

    /** How long after its end a minute window still accepts invocations; later ones count as late. */
    @WithDefault("1m")
    Duration minuteGrace();

    /** How long after its end an hour window still accepts invocations. */
    @WithDefault("10m")
    Duration hourGrace();

    /** How long after its end a day window still accepts invocations. */
    @WithDefault("1h")
    Duration dayGrace();

    /** How long minute windows are kept after their end (then tombstoned); at least a minute plus its grace. */
    @WithDefault("1d")
    Duration minuteRetention();

    /** How long hour windows are kept after their end. */
    @WithDefault("30d")
    Duration hourRetention();

    /** How long day windows are kept after their end. */
    @WithDefault("400d")
    Duration dayRetention();

    /** How long invocation ids are remembered to drop repeated deliveries; at least the longest grace. */
    @WithDefault("1h")
    Duration dedupeRetention();

    /**
     * How often the running figures are checkpointed and published. Readers see them at the next commit
     * ({@link #commitInterval()}), so a shorter interval than that adds work and no freshness.
     */
    @WithDefault("500ms")
    Duration checkpointInterval();

    /**
     * The exactly-once commit interval of the analytics' own Kafka Streams application
     * ({@link AnalyticsApplication}); the rest of the processors commit at {@code kafka-streams.commit.interval.ms}.
     * Freshness of the query side is about a checkpoint interval plus this; each commit is a transaction
     * over the analytics' changelog and output partitions, paid by the broker and the processors.
     */
    @WithDefault("500ms")
    Duration commitInterval();

    /**
     * Application id (and consumer group) of the analytics' Kafka Streams application; by default the
     * main application's ({@code quarkus.kafka-streams.application-id}) with {@code -analytics} appended.
     */
    Optional<String> applicationId();
}
