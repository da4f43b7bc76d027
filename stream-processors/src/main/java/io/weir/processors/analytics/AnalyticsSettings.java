package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validated analytics settings: grace and retention per window size, dedupe retention, checkpoint
 * interval. A window is open while the partition's stream time is before its end plus grace.
 */
public record AnalyticsSettings(Map<AnalyticsWindowSize, Duration> grace, Map<AnalyticsWindowSize, Duration> retention,
                                Duration dedupeRetention, Duration checkpointInterval) {

    /** The window sizes every invocation is counted in. */
    public static final List<AnalyticsWindowSize> SIZES =
            List.of(AnalyticsWindowSize.MINUTE, AnalyticsWindowSize.HOUR, AnalyticsWindowSize.DAY);

    public AnalyticsSettings {
        grace = Map.copyOf(grace);
        retention = Map.copyOf(retention);
        for (AnalyticsWindowSize size : SIZES) {
            Duration g = grace.get(size);
            Duration r = retention.get(size);
            if (g == null || g.isNegative() || r == null) {
                throw new IllegalArgumentException("grace and retention of " + size + " windows must be set, grace >= 0");
            }
            if (r.compareTo(g) < 0) {
                throw new IllegalArgumentException(size + " retention " + r + " is shorter than its grace " + g
                        + ": a window would be deleted while it still accepts invocations");
            }
            if (dedupeRetention.compareTo(g) < 0) {
                throw new IllegalArgumentException("dedupe retention " + dedupeRetention + " is shorter than the "
                        + size + " grace " + g + ": a repeated delivery within the grace would be counted twice");
            }
        }
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("checkpoint interval must be at least 10 ms");
        }
    }

    public static AnalyticsSettings from(AnalyticsConfig config) {
        Map<AnalyticsWindowSize, Duration> grace = new EnumMap<>(AnalyticsWindowSize.class);
        grace.put(AnalyticsWindowSize.MINUTE, config.minuteGrace());
        grace.put(AnalyticsWindowSize.HOUR, config.hourGrace());
        grace.put(AnalyticsWindowSize.DAY, config.dayGrace());
        Map<AnalyticsWindowSize, Duration> retention = new EnumMap<>(AnalyticsWindowSize.class);
        retention.put(AnalyticsWindowSize.MINUTE, config.minuteRetention());
        retention.put(AnalyticsWindowSize.HOUR, config.hourRetention());
        retention.put(AnalyticsWindowSize.DAY, config.dayRetention());
        return new AnalyticsSettings(grace, retention, config.dedupeRetention(), config.checkpointInterval());
    }

    /** The defaults of {@link AnalyticsConfig}. */
    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(
                Map.of(AnalyticsWindowSize.MINUTE, Duration.ofMinutes(1), AnalyticsWindowSize.HOUR, Duration.ofMinutes(10),
                        AnalyticsWindowSize.DAY, Duration.ofHours(1)),
                Map.of(AnalyticsWindowSize.MINUTE, Duration.ofDays(1), AnalyticsWindowSize.HOUR, Duration.ofDays(30),
                        AnalyticsWindowSize.DAY, Duration.ofDays(400)),
                Duration.ofHours(1), Duration.ofMillis(200));
    }

    Duration graceOf(AnalyticsWindowSize size) {
        return grace.get(size);
    }

    Duration retentionOf(AnalyticsWindowSize size) {
        return retention.get(size);
    }
}
