package io.weir.controlplane.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.analytics.InvocationAggregate;
import java.time.Instant;
import java.util.stream.Stream;

/** The read port of the analytics queries: window aggregates of an organization (an {@link AnalyticsIndex} in production). */
@FunctionalInterface
public interface AnalyticsWindows {

    /** The partial aggregates of the windows of {@code size} whose start lies in [from, to). */
    Stream<InvocationAggregate> windows(String organization, AnalyticsWindowSize size, Instant from, Instant to);
}
