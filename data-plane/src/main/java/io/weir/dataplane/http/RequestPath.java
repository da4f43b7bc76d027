package io.weir.dataplane.http;

import java.nio.charset.StandardCharsets;

/**
 * Checks a request path before it is routed or forwarded: no dot segments (raw or percent-encoded),
 * no encoded slash or backslash, no control characters, valid percent-encoding. A path that fails
 * is refused with 400 and never reaches a backend, so {@code /api/1.0/../admin} cannot climb out of
 * the API's base path on the backend.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** Null if the raw path is acceptable, else why not. */
    static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "The request path must start with '/'.";
        }
        String decoded;
        try {
            decoded = decode(rawPath);
        } catch (IllegalArgumentException e) {
            return "The request path has invalid percent-encoding.";
        }
        String lower = rawPath.toLowerCase();
        if (lower.contains("%2f") || lower.contains("%5c") || decoded.indexOf('\\') >= 0) {
            return "Encoded slashes and backslashes are not allowed in the request path.";
        }
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0x7f) {
                return "Control characters are not allowed in the request path.";
            }
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "Dot segments ('.' or '..') are not allowed in the request path.";
            }
        }
        return null;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
