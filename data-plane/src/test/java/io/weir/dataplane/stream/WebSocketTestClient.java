package io.weir.dataplane.stream;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A java.net.http WebSocket client for the ITs: frames as JSON, and how the server closed. */
final class WebSocketTestClient implements WebSocket.Listener {

    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** Every frame received, also those {@link #next} passed over. */
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    final AtomicInteger closeCode = new AtomicInteger(-1);
    final AtomicReference<String> closeReason = new AtomicReference<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;
    private final java.util.List<JsonObject> unread = new java.util.ArrayList<>();

    static WebSocketTestClient connect(HttpClient http, String url) throws Exception {
        WebSocketTestClient client = new WebSocketTestClient();
        client.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), client).get(20, TimeUnit.SECONDS);
        return client;
    }

    void send(JsonObject frame) {
        socket.sendText(frame.encode(), true).join();
    }

    long count(String type) {
        return received.stream().filter(f -> type.equals(f.getString("type"))).count();
    }

    /**
     * The oldest frame of this type not taken yet. Frames of other types stay for later calls: an ack
     * and the message it produced may arrive in either order.
     */
    JsonObject next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (java.util.Iterator<JsonObject> it = unread.iterator(); it.hasNext(); ) {
                JsonObject frame = it.next();
                if (type.equals(frame.getString("type"))) {
                    it.remove();
                    return frame;
                }
            }
            JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no '" + type + "' frame within 20 s");
            }
            unread.add(frame);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame = new JsonObject(partial.toString());
            received.add(frame);
            frames.add(frame);
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.set(reason);
        closeCode.set(statusCode);
        return null;
    }
}
