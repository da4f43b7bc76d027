package io.weir.dataplane.http;

import java.nio.charset.StandardCharsets;

/**
 * Checks a request path before it is routed or forwarded: no dot segments (raw or percent-encoded),
 * no encoded slash or backslash, no control characters, valid percent-encoding. A path that fails
 * is refused with 400 and never reaches a backend, so {@code /api/1.0/../admin} cannot climb out of
 * the API's base path on the backend.
 *
 * <p>Runs on every request: a path without '%' (nearly all) is checked in one pass over its characters,
 * allocating nothing; only a percent-encoded path is decoded first.
 */
final class RequestPath {

    static final String NOT_ABSOLUTE = "The request path must start with '/'.";
    static final String BAD_ESCAPE = "The request path has invalid percent-encoding.";
    static final String SLASH_OR_BACKSLASH = "Encoded slashes and backslashes are not allowed in the request path.";
    static final String CONTROL = "Control characters are not allowed in the request path.";
    static final String DOT_SEGMENT = "Dot segments ('.' or '..') are not allowed in the request path.";

    private RequestPath() {
    }

    /**
     * Null if the raw path is acceptable, else why not. When a path has several faults, the first of
     * these is reported: not absolute, bad escape, (encoded) slash or backslash, control character, dot
     * segment.
     */
    static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return NOT_ABSOLUTE;
        }
        String decoded = rawPath;
        if (rawPath.indexOf('%') >= 0) {
            try {
                decoded = decode(rawPath);
            } catch (IllegalArgumentException e) {
                return BAD_ESCAPE;
            }
            if (containsEscape(rawPath, '2', 'f') || containsEscape(rawPath, '5', 'c')) {
                return SLASH_OR_BACKSLASH;
            }
        }
        return decodedProblem(decoded);
    }

    /** Backslash, control character or dot segment in the decoded path, in that order of precedence. */
    private static String decodedProblem(String path) {
        boolean control = false;
        boolean dotSegment = false;
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '\\') {
                return SLASH_OR_BACKSLASH;
            }
            if (c < 0x20 || c == 0x7f) {
                control = true;
            } else if (c == '/') {
                int length = i - segmentStart;
                if ((length == 1 || length == 2) && path.charAt(segmentStart) == '.' && path.charAt(i - 1) == '.') {
                    dotSegment = true;
                }
                segmentStart = i + 1;
            }
        }
        return control ? CONTROL : dotSegment ? DOT_SEGMENT : null;
    }

    /** Whether the raw path has the escape {@code %<hi><lo>}, hex digits in either case. */
    private static boolean containsEscape(String raw, char hi, char lo) {
        for (int i = raw.indexOf('%'); i >= 0 && i + 2 < raw.length(); i = raw.indexOf('%', i + 1)) {
            if (raw.charAt(i + 1) == hi && Character.toLowerCase(raw.charAt(i + 2)) == lo) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String raw) {
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
