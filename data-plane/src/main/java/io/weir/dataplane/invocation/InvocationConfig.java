package io.weir.dataplane.invocation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How invocation records leave the node. */
@ConfigMapping(prefix = "weir.gateway.invocations")
public interface InvocationConfig {

    /** Records the node buffers while Kafka is slow or away; beyond this they are dropped and counted. */
    @WithDefault("200000")
    int bufferCapacity();

    /**
     * How long the producer waits to fill a batch ({@code linger.ms}). Every produce request wakes the
     * long-polling fetches of each reader of weir.invocation-batches (throttling, analytics) and costs the
     * broker a round of its own, whatever it carries: 100 ms rather than 20 took the broker and the
     * processors from ~12 to ~7 µs of CPU per call each at 20,000–27,000 calls/s (docs/gateway.md,
     * "Invocation records sent every 100 ms"). It adds at most that much to the throttling processor's
     * decision round trip, which {@code weir.processors.throttling.grant-lead-time} (500 ms) covers.
     */
    @WithDefault("100ms")
    Duration linger();

    /**
     * Compression of the record batches: {@code lz4} (default), {@code zstd}, {@code snappy},
     * {@code gzip} or {@code none}. The broker decompresses every batch to validate it; {@code none}
     * saves that CPU and the node's, for more bytes on disk and on the wire.
     */
    @WithDefault("lz4")
    String compression();

    /** How long a record is retried (e.g. through a broker restart) before it counts as failed. */
    @WithDefault("10m")
    Duration deliveryTimeout();
}
