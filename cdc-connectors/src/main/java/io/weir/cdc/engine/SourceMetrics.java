package io.weir.cdc.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.weir.cdc.change.CapturedChange;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-source metrics (Prometheus at /q/metrics): {@code weir_cdc_records_total{source,table}},
 * {@code weir_cdc_lag_milliseconds{source}} (commit in the database → acknowledged on the topic, of
 * the last change), the distribution {@code weir_cdc_commit_to_topic_seconds{source}},
 * {@code weir_cdc_source_up{source}} and {@code weir_cdc_source_failures_total{source}}.
 */
public final class SourceMetrics {

    private final MeterRegistry registry;
    private final String source;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong up = new AtomicLong();
    private final Timer commitToTopic;
    private final Counter failures;

    public SourceMetrics(MeterRegistry registry, String source) {
        this.registry = registry;
        this.source = source;
        Gauge.builder("weir.cdc.lag", lag, AtomicLong::get).baseUnit("milliseconds").tag("source", source)
                .description("commit in the source database to acknowledged on the topic, last change").register(registry);
        Gauge.builder("weir.cdc.source.up", up, AtomicLong::get).tag("source", source)
                .description("1 while the source streams, 0 while it starts, failed or stopped").register(registry);
        commitToTopic = Timer.builder("weir.cdc.commit.to.topic").tag("source", source).publishPercentiles(0.5, 0.99)
                .description("commit in the source database to acknowledged on the topic").register(registry);
        failures = Counter.builder("weir.cdc.source.failures").tag("source", source)
                .description("times the source failed and was scheduled for a restart").register(registry);
    }

    void written(CapturedChange change) {
        registry.counter("weir.cdc.records", "source", source, "table", change.table().schema() + "." + change.table().table())
                .increment();
        if (change.committedAt() != null) {
            long millis = Math.max(0, System.currentTimeMillis() - change.committedAt());
            lag.set(millis);
            commitToTopic.record(Duration.ofMillis(millis));
        }
    }

    void up(boolean streaming) {
        up.set(streaming ? 1 : 0);
    }

    void failed() {
        failures.increment();
    }
}
