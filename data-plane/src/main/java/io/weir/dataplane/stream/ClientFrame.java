package io.weir.dataplane.stream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * A frame a WebSocket client sends on a STREAM API (text, JSON):
 * <pre>
 * {"type":"subscribe","channel":"orders","from"?:"2026-11-27T10:00:00Z"|1764237600000|"0:12.1:40","key"?:"k","headers"?:{"h":"v"},"id"?:"c1"}
 * {"type":"unsubscribe","channel":"orders","id"?:"c2"}
 * {"type":"publish","channel":"orders","key"?:"k","payload":{...}|"text","id"?:"c3"}
 * </pre>
 * {@code id} is the client's own correlation id, echoed in the answer. Anything else is {@link Invalid}.
 */
sealed interface ClientFrame permits ClientFrame.Subscribe, ClientFrame.Unsubscribe, ClientFrame.Publish, ClientFrame.Invalid {

    String id();

    record Subscribe(String id, String channel, String from, RecordFilter filter) implements ClientFrame {
    }

    record Unsubscribe(String id, String channel) implements ClientFrame {
    }

    record Publish(String id, String channel, String key, Object payload) implements ClientFrame {
    }

    record Invalid(String id, String code, String message) implements ClientFrame {
    }

    static ClientFrame parse(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return new Invalid(null, "frame-invalid", "A frame is a JSON object with a 'type'.");
        }
        Object rawId = json.getValue("id");
        String id = rawId == null ? null : rawId.toString();
        Object type = json.getValue("type");
        Object channel = json.getValue("channel");
        if (!(type instanceof String)) {
            return new Invalid(id, "frame-invalid", "The frame has no 'type' (subscribe, unsubscribe or publish).");
        }
        if (!(channel instanceof String name) || name.isBlank()) {
            return new Invalid(id, "frame-invalid", "The frame has no 'channel'.");
        }
        return switch ((String) type) {
            case "subscribe" -> subscribe(id, name, json);
            case "unsubscribe" -> new Unsubscribe(id, ChannelRoute.normalize(name));
            case "publish" -> publish(id, name, json);
            default -> new Invalid(id, "frame-invalid", "Unknown frame type '" + type + "' (subscribe, unsubscribe or publish).");
        };
    }

    private static ClientFrame subscribe(String id, String channel, JsonObject json) {
        Object from = json.getValue("from");
        if (from != null && !(from instanceof String) && !(from instanceof Number)) {
            return new Invalid(id, "from-invalid", "'from' is an ISO-8601 time, epoch milliseconds or an event id.");
        }
        Object key = json.getValue("key");
        Object headers = json.getValue("headers");
        if ((key != null && !(key instanceof String)) || (headers != null && !(headers instanceof JsonObject))) {
            return new Invalid(id, "filter-invalid", "'key' is a string and 'headers' an object of strings.");
        }
        Map<String, String> wanted = new HashMap<>();
        if (headers != null) {
            ((JsonObject) headers).forEach(entry -> wanted.put(entry.getKey(), String.valueOf(entry.getValue())));
        }
        RecordFilter filter = key == null && wanted.isEmpty() ? RecordFilter.ALL : new RecordFilter((String) key, wanted);
        return new Subscribe(id, ChannelRoute.normalize(channel), from == null ? null : from.toString(), filter);
    }

    private static ClientFrame publish(String id, String channel, JsonObject json) {
        if (!json.containsKey("payload")) {
            return new Invalid(id, "frame-invalid", "A publish frame needs a 'payload'.");
        }
        Object key = json.getValue("key");
        if (key != null && !(key instanceof String)) {
            return new Invalid(id, "frame-invalid", "'key' is a string.");
        }
        return new Publish(id, ChannelRoute.normalize(channel), (String) key, json.getValue("payload"));
    }
}
