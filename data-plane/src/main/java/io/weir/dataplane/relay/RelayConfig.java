package io.weir.dataplane.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and record batching of the backend relays (WS and SSE APIs). */
@ConfigMapping(prefix = "weir.gateway.relay")
public interface RelayConfig {

    /** Largest WebSocket message (all frames of it) relayed when the API sets no maxRequestBytes; over it the sender gets close 1009. */
    @WithDefault("1048576")
    long maxMessageBytes();

    /** WebSocket connections the node opens to one backend host and port, at most (each client connection holds one). */
    @WithDefault("10000")
    int maxBackendSockets();

    /** Relayed messages (or SSE events) per direction summed into one MESSAGE invocation record, at most. */
    @WithDefault("100")
    int messageBatchSize();

    /** Longest time a relayed message waits in its batch before the MESSAGE record is written. */
    @WithDefault("1s")
    Duration messageBatchInterval();
}
