package io.weir.controlplane.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The JSON bodies of the analytics API. Latencies are in microseconds. */
final class AnalyticsReports {

    private AnalyticsReports() {
    }

    /** Which invocations a figure covers. */
    record Scope(String apiId, String applicationId, String environment, Instant from, Instant to, String resolution) {
    }

    record Errors(long total, long clientErrors, long serverErrors, long throttled, long authFailures) {
        static Errors of(Totals totals) {
            return new Errors(totals.errors(), totals.clientErrors, totals.serverErrors, totals.throttled, totals.authFailures);
        }
    }

    /** Percentiles read from the merged HdrHistogram (highest value equivalent to the bucket). */
    record Latency(long count, Long p50, Long p95, Long p99, Long max, Double mean) {
        static Latency of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Latency(0, null, null, null, null, null);
            }
            return new Latency(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                    histogram.getMean());
        }
    }

    record Streaming(long openConnections, long connectionsOpened, long connectionsClosed, long messagesInbound,
                     long messagesOutbound, long bytesInbound, long bytesOutbound) {
    }

    record Summary(Scope scope, long requests, long messages, Errors errors, long requestBytes, long responseBytes,
                   Latency gatewayLatency, Latency backendLatency, Streaming streaming, long late, long duplicates) {
    }

    record LatencyReport(Scope scope, Latency gateway, Latency backend) {
    }

    record ErrorReport(Scope scope, long requests, Errors errors, Map<String, Long> byStatusClass) {
    }

    record Point(Instant start, Number value) {
    }

    record Series(Scope scope, String measure, List<Point> points) {
    }

    record Ranked(String id, String name, long requests, long errors, Long gatewayLatencyP99) {
    }

    record Top(Scope scope, String by, String order, List<Ranked> items) {
    }
}
