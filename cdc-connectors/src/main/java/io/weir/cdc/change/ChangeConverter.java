package io.weir.cdc.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.cdc.ChangeRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's change events (Kafka Connect records with the before/after/source/op envelope) to
 * Weir's CDC records ({@link ChangeRecord}): the topic from {@link TopicNaming#cdcTopic}, the row
 * key as text, an Avro value whose schema is derived from the table. Records that are not row
 * changes (heartbeats, schema changes, transaction markers, truncates) give nothing.
 */
public final class ChangeConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicNaming naming;
    private final String source;
    /** Avro schema per Debezium row schema: Debezium keeps one schema object per table version. */
    private final Map<org.apache.kafka.connect.data.Schema, Schema> schemas = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<org.apache.kafka.connect.data.Schema, Schema> eldest) {
            return size() > 512;
        }
    };

    public ChangeConverter(TopicNaming naming, String source) {
        this.naming = naming;
        this.source = source;
    }

    public Optional<CapturedChange> convert(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null
                || envelope.schema().field("source") == null) {
            return Optional.empty();
        }
        String op = operation(envelope.getString("op"));
        if (op == null) {
            return Optional.empty();
        }
        Struct origin = envelope.getStruct("source");
        TableId table = new TableId(source, text(origin, "schema", text(origin, "db", "default")), text(origin, "table", "unknown"));
        org.apache.kafka.connect.data.Schema rowSchema = envelope.schema().field("after").schema();
        Schema schema = schemas.computeIfAbsent(rowSchema, s -> changeSchema(table, s));
        Schema row = AvroTypes.nonNull(schema.getField(ChangeRecord.AFTER).schema());
        Schema rowBefore = AvroTypes.nonNull(schema.getField(ChangeRecord.BEFORE).schema());
        GenericRecord value = new GenericData.Record(schema);
        value.put(ChangeRecord.OP, op);
        value.put(ChangeRecord.BEFORE, envelope.getStruct("before") == null ? null : AvroTypes.value(envelope.getStruct("before"), rowBefore));
        value.put(ChangeRecord.AFTER, envelope.getStruct("after") == null ? null : AvroTypes.value(envelope.getStruct("after"), row));
        value.put(ChangeRecord.LSN, number(origin, "lsn"));
        value.put(ChangeRecord.TX_ID, number(origin, "txId"));
        Long committedAt = number(origin, "ts_ms");
        value.put(ChangeRecord.COMMITTED_AT, committedAt);
        Long capturedAt = envelope.schema().field("ts_ms") == null ? null : envelope.getInt64("ts_ms");
        value.put(ChangeRecord.CAPTURED_AT, capturedAt == null ? System.currentTimeMillis() : capturedAt);
        return Optional.of(new CapturedChange(table, naming.cdcTopic(source, table.schema(), table.table()),
                key(record), value, committedAt));
    }

    /** The Avro schema of a table's change records. */
    static Schema changeSchema(TableId table, org.apache.kafka.connect.data.Schema rowSchema) {
        String namespace = AvroNames.namespace("io", "weir", "cdc", table.source(), table.schema());
        String type = AvroNames.typeName(table.table());
        // before and after have the same fields but each its own type: the registry's canonical form
        // and compatibility check do not resolve a reference from one field to a type defined in another
        Schema row = AvroTypes.record(rowSchema, type + "Row", namespace);
        Schema rowBefore = AvroTypes.record(rowSchema, type + "RowBefore", namespace);
        Schema change = Schema.createRecord(type + "Change", "A row change of table " + table.schema() + "."
                + table.table() + " captured by CDC source " + table.source() + ".", namespace, false);
        change.setFields(List.of(
                new Schema.Field(ChangeRecord.OP, Schema.create(Schema.Type.STRING), "INSERT, UPDATE, DELETE or SNAPSHOT"),
                new Schema.Field(ChangeRecord.BEFORE, optional(rowBefore), "the row before an UPDATE or DELETE",
                        JsonProperties.NULL_VALUE),
                new Schema.Field(ChangeRecord.AFTER, optional(row), "the row after an INSERT, UPDATE or SNAPSHOT",
                        JsonProperties.NULL_VALUE),
                new Schema.Field(ChangeRecord.LSN, optional(Schema.create(Schema.Type.LONG)),
                        "source log position of the change", JsonProperties.NULL_VALUE),
                new Schema.Field(ChangeRecord.TX_ID, optional(Schema.create(Schema.Type.LONG)),
                        "source transaction id", JsonProperties.NULL_VALUE),
                new Schema.Field(ChangeRecord.COMMITTED_AT, optional(millis()), "commit time in the source database",
                        JsonProperties.NULL_VALUE),
                new Schema.Field(ChangeRecord.CAPTURED_AT, millis(), "when the connector read the change")));
        return change;
    }

    private static Schema optional(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    private static Schema millis() {
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }

    private static String operation(String debezium) {
        return switch (debezium == null ? "" : debezium) {
            case "c" -> ChangeRecord.INSERT;
            case "u" -> ChangeRecord.UPDATE;
            case "d" -> ChangeRecord.DELETE;
            case "r" -> ChangeRecord.SNAPSHOT;
            default -> null;
        };
    }

    /** The value of a single key column as text; a JSON object of the key columns for a composite key. */
    static String key(SourceRecord record) {
        if (!(record.key() instanceof Struct key)) {
            return record.key() == null ? null : String.valueOf(record.key());
        }
        List<Field> fields = key.schema().fields();
        if (fields.size() == 1) {
            Object value = key.get(fields.get(0));
            return value == null ? null : String.valueOf(value);
        }
        ObjectNode json = JSON.createObjectNode();
        fields.forEach(field -> json.set(field.name(), JSON.valueToTree(key.get(field))));
        return json.toString();
    }

    private static String text(Struct struct, String field, String fallback) {
        return struct.schema().field(field) == null || struct.get(field) == null ? fallback : String.valueOf(struct.get(field));
    }

    private static Long number(Struct struct, String field) {
        if (struct.schema().field(field) == null) {
            return null;
        }
        Object value = struct.get(field);
        return value instanceof Number n ? n.longValue() : null;
    }
}
