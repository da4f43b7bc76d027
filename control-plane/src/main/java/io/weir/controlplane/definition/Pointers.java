package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** JSON pointer (RFC 6901) and upload-path arithmetic. */
final class Pointers {

    private Pointers() {
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** The pointer part of a {@code $ref} fragment ({@code #/a/b} → {@code /a/b}), percent-decoded. */
    static String fragmentPointer(String fragment) {
        return URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The node a document-internal pointer names, following {@code #/…} refs met on the way
     * ({@code /channels/a/messages/m} where channel {@code a} is a {@code $ref}); missing when none.
     */
    static JsonNode resolve(JsonNode document, String pointer) {
        JsonNode node = document;
        int hops = 0;
        for (String token : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
            while (node.isObject() && node.path("$ref").asText("").startsWith("#/") && hops++ < 32) {
                node = document.at(fragmentPointer(node.get("$ref").asText().substring(1)));
            }
            node = node.isArray() && token.matches("\\d+") ? node.path(Integer.parseInt(token)) : node.path(unescape(token));
        }
        return node;
    }

    static int depth(String pointer) {
        return pointer.isEmpty() ? 0 : (int) pointer.chars().filter(c -> c == '/').count();
    }

    /** The upload path a relative reference names, seen from {@code fromFile}; null if it leaves the upload. */
    static String resolvePath(String fromFile, String relative) {
        int slash = fromFile.lastIndexOf('/');
        String joined = (slash < 0 ? "" : fromFile.substring(0, slash + 1)) + relative;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
