package io.weir.dataplane.relay.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Which close a relay passes on when one side of a connection closes (RFC 6455 section 7.4). A code
 * the peer may send is passed through with its reason: 1000-1003, 1007-1014 and the application
 * range 3000-4999. A side that vanished without a close frame (no code, 1006, or the reserved 1005 /
 * 1015 that never travel in a frame) makes the gateway tell the other side: the client gets 1014
 * (bad gateway) when the backend vanished, the backend 1001 (going away) when the client did.
 */
final class CloseCodes {

    static final short NORMAL = 1000;
    static final short GOING_AWAY = 1001;
    static final short POLICY_VIOLATION = 1008;
    static final short MESSAGE_TOO_BIG = 1009;
    static final short BAD_GATEWAY = 1014;
    /** A close frame's payload is at most 125 bytes, two of them the code. */
    private static final int MAX_REASON_BYTES = 123;

    /** The close one side gets. */
    record Close(short code, String reason) {
    }

    private CloseCodes() {
    }

    /** What the client gets when the backend closed with {@code code} (null: no close frame). */
    static Close towardClient(Short code, String reason) {
        if (code != null && code == 1005) {
            return new Close(NORMAL, "");
        }
        return sendable(code) ? new Close(code, trim(reason)) : new Close(BAD_GATEWAY, "backend connection lost");
    }

    /** What the backend gets when the client closed with {@code code} (null: no close frame). */
    static Close towardBackend(Short code, String reason) {
        if (code != null && code == 1005) {
            return new Close(NORMAL, "");
        }
        return sendable(code) ? new Close(code, trim(reason)) : new Close(GOING_AWAY, "client went away");
    }

    /** Whether a code may be sent in a close frame. */
    static boolean sendable(Short code) {
        if (code == null) {
            return false;
        }
        int c = code;
        return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
    }

    /** The reason cut to what fits a close frame, on a character boundary. */
    static String trim(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = reason.length();
        while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end);
    }
}
