package io.weir.controlplane.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts between the Avro records of the log and the JSON of the REST surface, field by field,
 * following the schema: so a REST body is exactly a command's payload (documented by its Avro
 * schema), and a response is exactly a view. Enums are their symbol names, timestamps ISO-8601,
 * optional fields may be omitted (their schema default applies). Bad input throws
 * {@link JsonInputException} with the JSON pointer of the offending value.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static JsonNode toJson(Object value) {
        if (value instanceof SpecificRecord record) {
            return toJson(record, record.getSchema());
        }
        return toJson(value, null);
    }

    private static JsonNode toJson(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof SpecificRecord record) {
            ObjectNode node = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
            }
            return node;
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (value instanceof Enum<?> symbol) {
            return NODES.textNode(symbol.name());
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof ByteBuffer bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes.array()));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(item, null)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(k.toString(), toJson(v, null)));
            return node;
        }
        return NODES.textNode(value.toString());
    }

    /** Reads {@code json} as an instance of the generated record class {@code type}. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        return type.cast(read(json, SpecificData.get().getSchema(type), ""));
    }

    private static Object read(JsonNode json, Schema schema, String pointer) {
        switch (schema.getType()) {
            case RECORD -> {
                if (json == null || !json.isObject()) {
                    throw new JsonInputException(pointer, "must be an object");
                }
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = json.get(field.name());
                    String at = pointer + "/" + field.name();
                    if (value == null || value.isMissingNode()) {
                        if (!field.hasDefaultValue()) {
                            throw new JsonInputException(at, "is required");
                        }
                        record.put(field.pos(), SpecificData.get().getDefaultValue(field));
                    } else {
                        record.put(field.pos(), read(value, field.schema(), at));
                    }
                }
                json.fieldNames().forEachRemaining(name -> {
                    if (schema.getField(name) == null) {
                        throw new JsonInputException(pointer + "/" + name, "is not a known field");
                    }
                });
                return record;
            }
            case UNION -> {
                if (json.isNull()) {
                    if (schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                        return null;
                    }
                    throw new JsonInputException(pointer, "must not be null");
                }
                Schema nonNull = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                        .findFirst().orElseThrow();
                return read(json, nonNull, pointer);
            }
            case STRING -> {
                if (!json.isTextual()) {
                    throw new JsonInputException(pointer, "must be a string");
                }
                return json.asText();
            }
            case LONG -> {
                if ("timestamp-millis".equals(logical(schema))) {
                    try {
                        return Instant.parse(json.asText());
                    } catch (DateTimeParseException e) {
                        throw new JsonInputException(pointer, "must be an ISO-8601 instant like 2026-12-31T23:59:59Z");
                    }
                }
                if (!json.canConvertToLong() || !json.isIntegralNumber()) {
                    throw new JsonInputException(pointer, "must be a whole number");
                }
                return json.asLong();
            }
            case INT -> {
                if (!json.isIntegralNumber() || !json.canConvertToInt()) {
                    throw new JsonInputException(pointer, "must be a whole number");
                }
                return json.asInt();
            }
            case DOUBLE, FLOAT -> {
                if (!json.isNumber()) {
                    throw new JsonInputException(pointer, "must be a number");
                }
                return schema.getType() == Schema.Type.DOUBLE ? json.asDouble() : (float) json.asDouble();
            }
            case BOOLEAN -> {
                if (!json.isBoolean()) {
                    throw new JsonInputException(pointer, "must be true or false");
                }
                return json.asBoolean();
            }
            case ENUM -> {
                if (!json.isTextual() || !schema.getEnumSymbols().contains(json.asText())
                        || schema.getEnumDefault() != null && schema.getEnumDefault().equals(json.asText())) {
                    List<String> allowed = new ArrayList<>(schema.getEnumSymbols());
                    allowed.remove(schema.getEnumDefault());
                    throw new JsonInputException(pointer, "must be one of " + allowed);
                }
                return SpecificData.get().createEnum(json.asText(), schema);
            }
            case ARRAY -> {
                if (!json.isArray()) {
                    throw new JsonInputException(pointer, "must be an array");
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < json.size(); i++) {
                    items.add(read(json.get(i), schema.getElementType(), pointer + "/" + i));
                }
                return items;
            }
            case MAP -> {
                if (!json.isObject()) {
                    throw new JsonInputException(pointer, "must be an object");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                json.fields().forEachRemaining(e -> map.put(e.getKey(),
                        read(e.getValue(), schema.getValueType(), pointer + "/" + e.getKey())));
                return map;
            }
            case BYTES -> {
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()));
                } catch (IllegalArgumentException e) {
                    throw new JsonInputException(pointer, "must be base64");
                }
            }
            default -> throw new JsonInputException(pointer, "has a type the REST surface does not accept");
        }
    }

    private static String logical(Schema schema) {
        return schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
    }
}
