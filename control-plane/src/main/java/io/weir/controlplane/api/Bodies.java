package io.weir.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.json.JsonInputException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Request bodies are command payloads in JSON ({@link AvroJson#fromJson}, 400 with a pointer when
 * they do not fit). Where the path or the server supplies a field of the command (a revision number,
 * a generated key hash), the body may not carry it: a client never chooses what the server sets.
 */
public final class Bodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Bodies() {
    }

    /** Reads the body as {@code type}; an absent body is {@code {}} (fine for all-optional commands). */
    public static <T extends SpecificRecord> T read(JsonNode body, Class<T> type) {
        return AvroJson.fromJson(object(body), type);
    }

    /** A mutable copy of the body object ({@code {}} when absent), to {@link #set} server fields on. */
    public static ObjectNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return NODES.objectNode();
        }
        if (!body.isObject()) {
            throw new JsonInputException("", "must be an object");
        }
        return ((ObjectNode) body).deepCopy();
    }

    /** Sets a field the server decides; 400 at {@code /field} when the client sent it. */
    public static ObjectNode set(ObjectNode json, String field, Object value) {
        if (json.has(field)) {
            throw new JsonInputException("/" + field, "is set by the server, not by the request body");
        }
        json.set(field, node(value));
        return json;
    }

    /** Fills a field the client may leave out. */
    public static ObjectNode setIfAbsent(ObjectNode json, String field, Object value) {
        if (!json.hasNonNull(field)) {
            json.set(field, node(value));
        }
        return json;
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        return NODES.textNode(value instanceof Enum<?> symbol ? symbol.name() : value.toString());
    }
}
