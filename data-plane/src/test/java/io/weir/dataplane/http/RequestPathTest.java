package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/pets/1.0.0/pets", "/pets/1.0.0/pets/7", "/a/1/b%20c", "/a/1/..x/y", "/a/1/x.y", "/",
            "/a/1/...", "/a/1/x..", "/a/%2e%2e%2e", "/a/1/%252f"})
    void acceptsOrdinaryPaths(String path) {
        assertThat(RequestPath.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pets/1.0.0/../admin", "/pets/1.0.0/%2e%2e/admin", "/pets/1.0.0/%2E%2E",
            "/pets/1.0.0/./x", "/pets/1.0.0/a%2fb", "/pets/1.0.0/a%5cb", "/pets/1.0.0/a\\b", "/pets/%zz",
            "/pets/%2", "/pets/%00", "relative", ""})
    void refusesTraversalEncodedSlashesAndBadEscapes(String path) {
        assertThat(RequestPath.problem(path)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "relative/..          | NOT_ABSOLUTE",
            "/a/%zz/..            | BAD_ESCAPE",
            "/a/%2F/..            | SLASH_OR_BACKSLASH",
            "/a/%01/b%5C          | SLASH_OR_BACKSLASH",
            "/a/%7f/..            | CONTROL",
            "/a/b/.               | DOT_SEGMENT",
            "/..                  | DOT_SEGMENT"})
    void reportsTheFirstFaultInOrderOfPrecedence(String path, String fault) throws Exception {
        assertThat(RequestPath.problem(path)).isEqualTo(RequestPath.class.getDeclaredField(fault).get(null));
    }

    /**
     * The one-pass check decides exactly as the plain definition does (decode, look for encoded
     * slashes, backslashes, control characters, then split into segments), on 200,000 random paths
     * over the characters that matter.
     */
    @Test
    void decidesAsThePlainDefinitionOnRandomPaths() {
        String alphabet = "/.%2fF5cCeEa\\\u0001\u007fz0";
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder path = new StringBuilder(random.nextInt(8) == 0 ? "" : "/");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(RequestPath.problem(path.toString())).as(path.toString()).isEqualTo(definition(path.toString()));
        }
    }

    /** The rule as written down: clear, allocating, slow. */
    private static String definition(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return RequestPath.NOT_ABSOLUTE;
        }
        byte[] out = new byte[rawPath.length()];
        int n = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                out[n++] = (byte) c;
                continue;
            }
            if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                    || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                return RequestPath.BAD_ESCAPE;
            }
            out[n++] = (byte) (Character.digit(rawPath.charAt(i + 1), 16) * 16 + Character.digit(rawPath.charAt(i + 2), 16));
            i += 2;
        }
        String decoded = new String(out, 0, n, StandardCharsets.UTF_8);
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || decoded.indexOf('\\') >= 0) {
            return RequestPath.SLASH_OR_BACKSLASH;
        }
        if (decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return RequestPath.CONTROL;
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return RequestPath.DOT_SEGMENT;
            }
        }
        return null;
    }
}
