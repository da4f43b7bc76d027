package io.weir.dataplane.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a request-target is a URI {@link java.net.URI} accepts: the check Quarkus' HTTP server made of
 * every request before the edge node had a listener of its own, so the node still refuses exactly the URIs
 * it refused — now with a problem body. A target made only of characters every part of a URI may hold
 * (letters, digits, {@code -._~!$&'()*+,;=:@/?} and well-formed {@code %} escapes) after a single leading
 * '/' is accepted in one pass without parsing it (nearly every request); any other is parsed.
 */
final class RequestUri {

    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            PLAIN[c] = true;
            PLAIN[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PLAIN[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@/?".toCharArray()) {
            PLAIN[c] = true;
        }
    }

    private RequestUri() {
    }

    static boolean valid(String uri) {
        if (uri == null) {
            return false;
        }
        return plain(uri) || parses(uri);
    }

    /** Only characters any URI part may hold, escapes well formed, one leading '/' (so no authority to parse). */
    static boolean plain(String uri) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) != '/' || (length > 1 && uri.charAt(1) == '/')) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= length || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !PLAIN[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean parses(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
