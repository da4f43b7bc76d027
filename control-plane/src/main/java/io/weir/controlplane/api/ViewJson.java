package io.weir.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.event.EventEnvelope;
import java.util.Collection;
import java.util.Set;

/**
 * Views and events as response JSON, field by field ({@link AvroJson#toJson}), minus every hash of a
 * secret: hashes stay server-side even though they are not the secrets themselves (an API key hash
 * is the gateway's credential lookup key, a password hash can be attacked offline).
 */
public final class ViewJson {

    /** Field names whose values never leave the server, at any depth. */
    public static final Set<String> SECRET_FIELDS =
            Set.of("secretHash", "previousSecretHash", "newSecretHash", "passwordHash", "encryptedSecret");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ViewJson() {
    }

    /** An Avro record (view or payload) as JSON without secret hashes. */
    public static JsonNode of(Object record) {
        return strip(AvroJson.toJson(record));
    }

    /** Removes {@link #SECRET_FIELDS} everywhere in {@code json}, in place; returns it. */
    public static JsonNode strip(JsonNode json) {
        if (json instanceof ObjectNode object) {
            object.remove(SECRET_FIELDS);
            object.forEach(ViewJson::strip);
        } else if (json instanceof ArrayNode array) {
            array.forEach(ViewJson::strip);
        }
        return json;
    }

    /** {@code {"items":[...],"count":n}}, items in the given order, each rendered by {@link #of}. */
    public static ObjectNode list(Collection<?> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(item instanceof JsonNode json ? strip(json) : of(item)));
        ObjectNode list = NODES.objectNode();
        list.set("items", array);
        list.put("count", array.size());
        return list;
    }

    /** What a write answers when there is no view to show (a deletion, or a view not caught up). */
    public static ObjectNode written(Written written) {
        ObjectNode json = NODES.objectNode();
        json.put("id", written.aggregateId());
        json.put("version", written.version());
        json.put("commandId", written.commandId());
        json.put("visible", written.visible());
        return json;
    }

    /** One entry of an aggregate's audit trail. */
    public static ObjectNode event(EventEnvelope event) {
        ObjectNode json = NODES.objectNode();
        json.put("eventId", event.getEventId());
        json.put("type", event.getPayload().getClass().getSimpleName());
        json.put("version", event.getAggregateVersion());
        json.put("occurredAt", event.getOccurredAt().toString());
        json.put("actor", event.getActor());
        json.set("payload", of(event.getPayload()));
        return json;
    }
}
