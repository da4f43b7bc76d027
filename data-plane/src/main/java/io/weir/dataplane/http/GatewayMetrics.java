package io.weir.dataplane.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The request-path meters, resolved once so recording costs no lookups: requests by status class,
 * gateway latency and authentication failures (by status).
 */
@Singleton
public class GatewayMetrics {

    private final Counter[] requestsByClass = new Counter[6];
    private final Counter unauthenticated;
    private final Counter forbidden;
    private final Timer latency;

    GatewayMetrics(MeterRegistry meters) {
        for (int i = 1; i <= 5; i++) {
            requestsByClass[i] = Counter.builder("weir.gateway.requests").tag("status", i + "xx")
                    .description("Requests answered by the gateway, by status class").register(meters);
        }
        unauthenticated = Counter.builder("weir.gateway.auth.failures").tag("status", "401")
                .description("Requests refused by authentication or authorization").register(meters);
        forbidden = Counter.builder("weir.gateway.auth.failures").tag("status", "403")
                .description("Requests refused by authentication or authorization").register(meters);
        latency = Timer.builder("weir.gateway.latency")
                .description("Time from request to the end of the response, in the gateway").register(meters);
    }

    void answered(int status, long nanos) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            requestsByClass[statusClass].increment();
        }
        // 429s are counted by level and reason by the throttling package (weir.gateway.throttled)
        if (status == 401) {
            unauthenticated.increment();
        } else if (status == 403) {
            forbidden.increment();
        }
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
