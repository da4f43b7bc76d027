package io.weir.dataplane.stream;

/** Where a subscription's records go: an SSE response or a WebSocket. Called on the connection's event loop. */
interface StreamSink {

    /** Sends one record; false if the connection refused it (throttled, closed) - the subscription then stops. */
    boolean send(ChannelRoute channel, StreamRecord record, String eventId);

    /** The transport's write queue is full: hold records back until {@link #whenDrained}. */
    boolean congested();

    void whenDrained(Runnable drained);

    /** Ends the connection (or, on a WebSocket, the subscription) for a reason the client is told. */
    void fail(ChannelRoute channel, String code, String reason);
}
