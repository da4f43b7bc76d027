package io.weir.controlplane.analytics;

import io.weir.schema.analytics.InvocationAggregate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Figures over a range computed from the window aggregates of one organization: sums and merges only. */
final class AnalyticsQueries {

    private final AnalyticsWindows windows;

    AnalyticsQueries(AnalyticsWindows windows) {
        this.windows = windows;
    }

    Totals totals(String organization, AnalyticsFilter filter, AnalyticsRange range) {
        Totals totals = new Totals();
        windows.windows(organization, range.resolution(), range.from(), range.to()).filter(filter).forEach(totals::add);
        return totals;
    }

    /** Totals per window start, every window of the range present (empty ones too). */
    TreeMap<Long, Totals> perWindow(String organization, AnalyticsFilter filter, AnalyticsRange range) {
        TreeMap<Long, Totals> series = new TreeMap<>();
        long length = AnalyticsRange.length(range.resolution()).toMillis();
        for (long start = range.firstWindow(); start < range.to().toEpochMilli(); start += length) {
            series.put(start, new Totals());
        }
        windows.windows(organization, range.resolution(), range.from(), range.to()).filter(filter)
                .forEach(aggregate -> series.computeIfAbsent(aggregate.getWindowStart().toEpochMilli(), s -> new Totals())
                        .add(aggregate));
        return series;
    }

    /** Totals grouped by a property of the aggregates (API id, application, status class). */
    Map<String, Totals> grouped(String organization, AnalyticsFilter filter, AnalyticsRange range,
                                Function<InvocationAggregate, String> by) {
        Map<String, Totals> groups = new HashMap<>();
        windows.windows(organization, range.resolution(), range.from(), range.to()).filter(filter)
                .forEach(aggregate -> groups.computeIfAbsent(by.apply(aggregate), g -> new Totals()).add(aggregate));
        return groups;
    }

    /**
     * Open connections at the end of the range: each partial (dimension value × source partition)
     * carries its gauge in every window; the latest window of each in range has its current value.
     */
    long openConnections(String organization, AnalyticsFilter filter, AnalyticsRange range) {
        Map<String, InvocationAggregate> latest = windows.windows(organization, range.resolution(), range.from(), range.to())
                .filter(filter)
                .collect(Collectors.toMap(AnalyticsQueries::partial, a -> a,
                        (a, b) -> a.getWindowStart().isAfter(b.getWindowStart()) ? a : b));
        return latest.values().stream().mapToLong(InvocationAggregate::getOpenConnections).sum();
    }

    static Comparator<Map.Entry<String, Totals>> order(String order) {
        Comparator<Map.Entry<String, Totals>> comparator = switch (order) {
            case "errors" -> Comparator.comparingLong(e -> e.getValue().errors());
            case "latency" -> Comparator.comparingLong(e -> e.getValue().gatewayLatency.getTotalCount() == 0 ? -1
                    : e.getValue().gatewayLatency.getValueAtPercentile(99));
            default -> Comparator.comparingLong(e -> e.getValue().requests + e.getValue().messages);
        };
        return comparator.reversed().thenComparing(Map.Entry::getKey);
    }

    private static String partial(InvocationAggregate aggregate) {
        return aggregate.getEnvironment() + '\u0000' + aggregate.getApiId() + '\u0000' + aggregate.getDimensionValue()
                + '\u0000' + aggregate.getSourcePartition();
    }
}
