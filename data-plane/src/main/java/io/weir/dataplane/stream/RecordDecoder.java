package io.weir.dataplane.stream;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.weir.schema.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Renders a record's bytes for clients, by the first rule that fits (its {@code payloadEncoding}):
 * {@code avro} - Apicurio-framed Avro (magic byte 0 + schema id, e.g. the CDC topics), decoded with the
 * writer's schema from the registry and rendered as JSON; {@code json} - UTF-8 text that is a JSON
 * object or array, embedded as is; {@code text} - other valid UTF-8, as a JSON string; {@code base64} -
 * anything else; {@code null} - a tombstone. Keys: UTF-8 text, else base64. Not thread-safe: one per
 * reading thread.
 */
final class RecordDecoder {

    private final AvroKafkaDeserializer<Object> avro;

    RecordDecoder(String registryUrl) {
        this.avro = new AvroKafkaDeserializer<>();
        Map<String, Object> config = AvroSerdes.registryConfig(registryUrl); // bounded registry calls
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
        avro.configure(config, false);
    }

    StreamRecord decode(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : text(record.key());
        if (key == null && record.key() != null) {
            key = Base64.getEncoder().encodeToString(record.key());
        }
        Map<String, String> headers = new HashMap<>(4);
        for (Header header : record.headers()) {
            if (header.value() != null) {
                String value = text(header.value());
                headers.put(header.key(), value == null ? Base64.getEncoder().encodeToString(header.value()) : value);
            }
        }
        StringBuilder fields = new StringBuilder(128 + (record.value() == null ? 0 : record.value().length));
        fields.append("\"partition\":").append(record.partition())
                .append(",\"offset\":").append(record.offset())
                .append(",\"key\":").append(key == null ? "null" : Json.encode(key))
                .append(",\"timestamp\":").append(record.timestamp())
                .append(",\"headers\":").append(new JsonObject(new HashMap<>(headers)).encode());
        payload(record, fields);
        int bytes = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        return new StreamRecord(record.partition(), record.offset(), record.timestamp(), key, Map.copyOf(headers),
                fields.toString(), bytes);
    }

    private void payload(ConsumerRecord<byte[], byte[]> record, StringBuilder fields) {
        byte[] value = record.value();
        if (value == null) {
            fields.append(",\"payloadEncoding\":null,\"payload\":null");
            return;
        }
        if (value.length > 5 && value[0] == 0) {
            String json = avroJson(record);
            if (json != null) {
                fields.append(",\"payloadEncoding\":\"avro\",\"payload\":").append(json);
                return;
            }
        }
        String text = text(value);
        String json = text == null ? null : jsonStructure(text);
        if (text == null) {
            fields.append(",\"payloadEncoding\":\"base64\",\"payload\":\"")
                    .append(Base64.getEncoder().encodeToString(value)).append('"');
        } else if (json != null) {
            fields.append(",\"payloadEncoding\":\"json\",\"payload\":").append(json);
        } else {
            fields.append(",\"payloadEncoding\":\"text\",\"payload\":").append(Json.encode(text));
        }
    }

    private String avroJson(ConsumerRecord<byte[], byte[]> record) {
        try {
            Object decoded = avro.deserialize(record.topic(), record.headers(), record.value());
            // re-encoded compact (an SSE data line holds no newline); Avro's rendering of NaN is not JSON: fall back
            return Json.encode(Json.decodeValue(GenericData.get().toString(decoded)));
        } catch (RuntimeException notAvro) {
            return null;
        }
    }

    /** The text re-encoded compact if it is a JSON object or array, else null. */
    private static String jsonStructure(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
            return null;
        }
        try {
            return Json.encode(Json.decodeValue(trimmed));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The bytes as text if they are valid UTF-8, else null. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    void close() {
        avro.close();
    }
}
