package io.weir.dataplane.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A java.net.http WebSocket listener that writes down what the client receives, part by part. */
final class WebSocketClientRecorder implements WebSocket.Listener {

    final Queue<String> received = new ConcurrentLinkedQueue<>();
    volatile Integer closeCode;
    volatile String closeReason;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        received.add("text" + (last ? "" : "+") + ":" + data);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.add("binary" + (last ? "" : "+") + ":" + java.util.HexFormat.of().formatHex(bytes));
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        received.add("ping:" + StandardCharsets.UTF_8.decode(message));
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        received.add("pong:" + StandardCharsets.UTF_8.decode(message));
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    /** The texts received as whole messages (fragments joined). */
    List<String> texts() {
        List<String> texts = new java.util.ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String part : received) {
            if (part.startsWith("text+:")) {
                pending.append(part.substring(6));
            } else if (part.startsWith("text:")) {
                texts.add(pending.append(part.substring(5)).toString());
                pending.setLength(0);
            }
        }
        return texts;
    }
}
