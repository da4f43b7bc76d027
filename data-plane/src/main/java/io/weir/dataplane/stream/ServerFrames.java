package io.weir.dataplane.stream;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's side of a stream WebSocket: the frames it writes ({@code subscribed},
 * {@code unsubscribed}, {@code ack}, {@code message}, {@code error}), its one close with a code and
 * a reason, and who waits for the socket to drain. Nothing is written after the close.
 */
final class ServerFrames {

    /** RFC 6455 allows a close reason of 123 bytes at most. */
    private static final int MAX_REASON = 120;

    private final ServerWebSocket socket;
    private final List<Runnable> drainWaiters = new ArrayList<>(2);
    private String closeCode;

    ServerFrames(ServerWebSocket socket) {
        this.socket = socket;
        socket.drainHandler(v -> {
            List<Runnable> waiting = List.copyOf(drainWaiters);
            drainWaiters.clear();
            waiting.forEach(Runnable::run);
        });
    }

    boolean open() {
        return closeCode == null && !socket.isClosed();
    }

    /** The code the gateway closed with (e.g. {@code throttled-quota}), null if it did not. */
    String closeCode() {
        return closeCode;
    }

    void write(JsonObject frame) {
        text(frame.encode());
    }

    void text(String frame) {
        if (open()) {
            socket.writeTextMessage(frame);
        }
    }

    void error(String id, String channel, String code, String message) {
        write(new JsonObject().put("type", "error").put("id", id).put("channel", channel).put("code", code).put("message", message));
    }

    void close(short status, String code, String reason) {
        if (closeCode != null) {
            return;
        }
        closeCode = code;
        socket.close(status, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
    }

    boolean congested() {
        return socket.writeQueueFull();
    }

    void whenDrained(Runnable drained) {
        drainWaiters.add(drained);
    }
}
