package io.weir.dataplane.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Kafka-topic streams (SSE and WebSocket on STREAM APIs); every key has a default for {@code ./weir up}. */
@ConfigMapping(prefix = "weir.gateway.streams")
public interface StreamConfig {

    /** How often an SSE stream sends a heartbeat comment when it has nothing else to send. */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /** The SSE {@code retry:} hint: how long a disconnected EventSource waits before reconnecting. */
    @WithDefault("2s")
    Duration retry();

    /** Records a connection may have waiting (per subscription) before it is dropped as a slow consumer. */
    @WithDefault("10000")
    int queueCapacity();

    /** Catch-up readers (consumers replaying from an event id or a time) per node; more requests wait. */
    @WithDefault("4")
    int catchUpReaders();

    /** How long a catch-up reader waits for a client to take a batch before dropping it as a slow consumer. */
    @WithDefault("30s")
    Duration catchUpStall();

    /** How long a topic's shared tail stays open without subscribers. */
    @WithDefault("60s")
    Duration tailIdleTimeout();

    /** Largest WebSocket message a client may send when the API sets no maxRequestBytes. */
    @WithDefault("65536")
    int maxFrameBytes();

    /** Message invocation records are batched per connection, channel and direction over this period. */
    @WithDefault("1s")
    Duration messageRecordInterval();
}
