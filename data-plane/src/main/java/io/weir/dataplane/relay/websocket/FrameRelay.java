package io.weir.dataplane.relay.websocket;

import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.weir.dataplane.relay.ConnectionTraffic;
import io.weir.schema.invocation.MessageDirection;

/**
 * One direction of a relayed WebSocket: each frame read from one side is written to the other as
 * it is - text, binary and continuation frames keep the sender's fragmentation, pings travel on
 * (each hop answers its own pings with a pong, so pongs stop at the gateway) - and nothing is
 * buffered beyond the writer's queue: when it is full the reading side is paused until it drains.
 * A message is admitted on the throttle counters at its first frame; a message over the size
 * limit or over a throttling limit ends the connection through the {@link Session}.
 */
final class FrameRelay {

    /** How the relay ends the connection when a message breaks a limit. */
    interface Session {
        void tooBig(FrameRelay from);

        void throttled(FrameRelay from);
    }

    private final WebSocketBase from;
    private final WebSocketBase to;
    private final MessageDirection direction;
    private final ConnectionTraffic traffic;
    private final long maxMessageBytes;
    private final Session session;
    private long messageBytes;
    private boolean stopped;

    FrameRelay(WebSocketBase from, WebSocketBase to, MessageDirection direction, ConnectionTraffic traffic,
               long maxMessageBytes, Session session) {
        this.from = from;
        this.to = to;
        this.direction = direction;
        this.traffic = traffic;
        this.maxMessageBytes = maxMessageBytes;
        this.session = session;
    }

    void start() {
        from.frameHandler(this::onFrame);
    }

    WebSocketBase from() {
        return from;
    }

    MessageDirection direction() {
        return direction;
    }

    void stop() {
        stopped = true;
    }

    private void onFrame(WebSocketFrame frame) {
        if (stopped || frame.isClose() || frame.type() == io.vertx.core.http.WebSocketFrameType.PONG) {
            return; // closes are relayed by the session's close handlers; pongs answer this hop's pings
        }
        long now = System.currentTimeMillis();
        long size = frame.binaryData().length();
        if (frame.isPing()) {
            write(frame);
            return;
        }
        messageBytes = frame.isContinuation() ? messageBytes + size : size;
        if (messageBytes > maxMessageBytes) {
            session.tooBig(this);
            return;
        }
        if (frame.isContinuation()) {
            traffic.bytes(direction, size, now);
        } else if (!traffic.message(direction, size, now)) {
            session.throttled(this);
            return;
        }
        write(frame);
    }

    private void write(WebSocketFrame frame) {
        if (to.isClosed()) {
            return;
        }
        to.writeFrame(frame);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(drained -> from.resume());
        }
    }
}
