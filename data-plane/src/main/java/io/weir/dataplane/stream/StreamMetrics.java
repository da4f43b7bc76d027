package io.weir.dataplane.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the topic streams: open connections by protocol, messages out (delivered) and in
 * (published), slow consumers dropped, catch-up readers at work and waiting, shared tails open.
 */
@Singleton // no client proxy: its meters are read as fields on the hot path
public class StreamMetrics {

    final AtomicInteger sseConnections = new AtomicInteger();
    final AtomicInteger webSocketConnections = new AtomicInteger();
    final AtomicInteger catchUpsActive = new AtomicInteger();
    final AtomicInteger catchUpsWaiting = new AtomicInteger();
    final AtomicInteger tails = new AtomicInteger();
    final Counter sseOut;
    final Counter webSocketOut;
    final Counter webSocketIn;
    final Counter slowConsumers;
    final Counter catchUps;

    StreamMetrics(MeterRegistry meters) {
        Gauge.builder("weir.gateway.stream.connections", sseConnections, AtomicInteger::get).tag("protocol", "sse")
                .description("Open stream connections").register(meters);
        Gauge.builder("weir.gateway.stream.connections", webSocketConnections, AtomicInteger::get).tag("protocol", "ws")
                .description("Open stream connections").register(meters);
        Gauge.builder("weir.gateway.stream.catchup.active", catchUpsActive, AtomicInteger::get)
                .description("Catch-up readers replaying for a client now").register(meters);
        Gauge.builder("weir.gateway.stream.catchup.waiting", catchUpsWaiting, AtomicInteger::get)
                .description("Clients waiting for a free catch-up reader").register(meters);
        Gauge.builder("weir.gateway.stream.tails", tails, AtomicInteger::get)
                .description("Shared topic tails open on this node").register(meters);
        sseOut = messages(meters, "sse", "out");
        webSocketOut = messages(meters, "ws", "out");
        webSocketIn = messages(meters, "ws", "in");
        slowConsumers = Counter.builder("weir.gateway.stream.slow.consumers.dropped")
                .description("Connections dropped because their queue was full").register(meters);
        catchUps = Counter.builder("weir.gateway.stream.catchups")
                .description("Catch-up reads started (resume by event id or time)").register(meters);
    }

    private static Counter messages(MeterRegistry meters, String protocol, String direction) {
        return Counter.builder("weir.gateway.stream.messages").tag("protocol", protocol).tag("direction", direction)
                .description("Stream messages delivered (out) or published (in)").register(meters);
    }
}
