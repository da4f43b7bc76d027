package io.weir.controlplane.analytics;

import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** A figure a time series can plot: a counter of the window totals, or a latency percentile. */
enum Measure {
    REQUESTS(t -> t.requests),
    MESSAGES(t -> t.messages),
    ERRORS(Totals::errors),
    CLIENT_ERRORS(t -> t.clientErrors),
    SERVER_ERRORS(t -> t.serverErrors),
    THROTTLED(t -> t.throttled),
    AUTH_FAILURES(t -> t.authFailures),
    REQUEST_BYTES(t -> t.requestBytes),
    RESPONSE_BYTES(t -> t.responseBytes),
    CONNECTIONS_OPENED(t -> t.connectionsOpened),
    CONNECTIONS_CLOSED(t -> t.connectionsClosed),
    MESSAGES_INBOUND(t -> t.messagesInbound),
    MESSAGES_OUTBOUND(t -> t.messagesOutbound),
    BYTES_INBOUND(t -> t.bytesInbound),
    BYTES_OUTBOUND(t -> t.bytesOutbound),
    LATE(t -> t.late),
    DUPLICATES(t -> t.duplicates),
    GATEWAY_LATENCY_P50(t -> percentile(t.gatewayLatency, 50)),
    GATEWAY_LATENCY_P95(t -> percentile(t.gatewayLatency, 95)),
    GATEWAY_LATENCY_P99(t -> percentile(t.gatewayLatency, 99)),
    BACKEND_LATENCY_P50(t -> percentile(t.backendLatency, 50)),
    BACKEND_LATENCY_P95(t -> percentile(t.backendLatency, 95)),
    BACKEND_LATENCY_P99(t -> percentile(t.backendLatency, 99));

    private final Function<Totals, Number> read;

    Measure(Function<Totals, Number> read) {
        this.read = read;
    }

    /** The value for a window; null for a percentile of a window without requests. */
    Number of(Totals totals) {
        return read.apply(totals);
    }

    /** The name used in the API: lower case with dashes, e.g. {@code gateway-latency-p99}. */
    String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Long percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile);
    }
}
