package io.weir.controlplane.analytics;

import io.weir.controlplane.api.Params;
import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.analytics.AnalyticsWindowSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The time range of a query and its resolution (the window size read): windows whose start lies in
 * [from, to). Defaults: the last hour; minute windows up to a day, hour windows up to 60 days, day
 * windows beyond. At most {@value #MAX_WINDOWS} windows per query.
 */
record AnalyticsRange(Instant from, Instant to, AnalyticsWindowSize resolution) {

    static final int MAX_WINDOWS = 1440;

    static AnalyticsRange parse(String from, String to, String resolution, Clock clock) {
        Instant end = to == null || to.isBlank() ? clock.instant() : instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofHours(1)) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("invalid-range", "from (" + start + ") must be before to (" + end + ")",
                    Params.QUERY + "from");
        }
        AnalyticsWindowSize size = resolution == null || resolution.isBlank() ? defaultResolution(start, end)
                : resolution(resolution);
        long windows = Duration.between(start, end).toMillis() / length(size).toMillis() + 1;
        if (windows > MAX_WINDOWS) {
            throw ProblemException.badRequest("range-too-large", "from " + start + " to " + end + " spans " + windows + " "
                    + size.name().toLowerCase(Locale.ROOT) + " windows; at most " + MAX_WINDOWS
                    + " per query: use a coarser resolution or a shorter range", Params.QUERY + "resolution");
        }
        return new AnalyticsRange(start, end, size);
    }

    static Duration length(AnalyticsWindowSize size) {
        return switch (size) {
            case MINUTE -> Duration.ofMinutes(1);
            case HOUR -> Duration.ofHours(1);
            case DAY -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException(size.name());
        };
    }

    /** Start of the first window in range (the window containing {@code from} starts at or before it). */
    long firstWindow() {
        long length = length(resolution).toMillis();
        long start = from.toEpochMilli() - Math.floorMod(from.toEpochMilli(), length);
        return start < from.toEpochMilli() ? start + length : start;
    }

    private static AnalyticsWindowSize defaultResolution(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        return span.compareTo(Duration.ofDays(1)) <= 0 ? AnalyticsWindowSize.MINUTE
                : span.compareTo(Duration.ofDays(60)) <= 0 ? AnalyticsWindowSize.HOUR : AnalyticsWindowSize.DAY;
    }

    private static AnalyticsWindowSize resolution(String value) {
        return Params.symbol(AnalyticsWindowSize.class, value, Params.QUERY + "resolution");
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-parameter", name + " must be an ISO-8601 instant such as "
                    + "2026-11-27T10:00:00Z, not '" + value + "'", Params.QUERY + name);
        }
    }
}
