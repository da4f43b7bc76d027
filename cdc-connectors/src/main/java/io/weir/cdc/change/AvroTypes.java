package io.weir.cdc.change;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Kafka Connect schemas and values (as Debezium produces them) to Avro. Every column becomes an
 * optional field (default null), so that a column added to the table is a BACKWARD-compatible new
 * version of the schema. Temporal types keep Debezium's encoding with the matching Avro logical
 * type; decimals are strings ({@code decimal.handling.mode=string}, and a precise decimal is
 * written as its plain string too). Names that are not legal Avro names are made legal, and the
 * column's own name is kept as the field property {@code column}.
 */
final class AvroTypes {

    static final String COLUMN = "column";

    private AvroTypes() {
    }

    /** An Avro record for a Connect struct schema: every field optional. */
    static Schema record(org.apache.kafka.connect.data.Schema struct, String name, String namespace) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(AvroNames.of(name)).namespace(namespace).fields();
        for (Field field : struct.fields()) {
            Schema type = type(field.schema(), AvroNames.of(name) + "_" + AvroNames.of(field.name()), namespace);
            SchemaBuilder.GenericDefault<Schema> f = fields.name(AvroNames.of(field.name()))
                    .prop(COLUMN, field.name())
                    .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type));
            fields = f.withDefault(null);
        }
        return fields.endRecord();
    }

    private static Schema type(org.apache.kafka.connect.data.Schema schema, String nestedName, String namespace) {
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal", "io.debezium.data.VariableScaleDecimal":
                return Schema.create(Schema.Type.STRING);
            case "org.apache.kafka.connect.data.Date", "io.debezium.time.Date":
                return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case "org.apache.kafka.connect.data.Time", "io.debezium.time.Time":
                return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
            case "io.debezium.time.MicroTime":
                return LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case "org.apache.kafka.connect.data.Timestamp", "io.debezium.time.Timestamp":
                return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case "io.debezium.time.MicroTimestamp":
                return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case "io.debezium.data.Uuid":
                return LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            default:
                break;
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case STRING -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case ARRAY -> Schema.createArray(Schema.createUnion(Schema.create(Schema.Type.NULL),
                    type(schema.valueSchema(), nestedName + "_item", namespace)));
            case MAP -> schema.keySchema().type() == org.apache.kafka.connect.data.Schema.Type.STRING
                    ? Schema.createMap(Schema.createUnion(Schema.create(Schema.Type.NULL),
                    type(schema.valueSchema(), nestedName + "_value", namespace)))
                    : Schema.create(Schema.Type.STRING);
            case STRUCT -> record(schema, nestedName, namespace);
        };
    }

    /** A Connect struct as a record of {@link #record}'s schema. */
    static GenericRecord value(Struct struct, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Field field : struct.schema().fields()) {
            Schema.Field target = schema.getField(AvroNames.of(field.name()));
            record.put(target.pos(), value(struct.get(field), field.schema(), nonNull(target.schema())));
        }
        return record;
    }

    private static Object value(Object value, org.apache.kafka.connect.data.Schema schema, Schema target) {
        if (value == null) {
            return null;
        }
        String logical = schema.name() == null ? "" : schema.name();
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Struct nested && logical.equals("io.debezium.data.VariableScaleDecimal")) {
            return String.valueOf(nested); // not produced with decimal.handling.mode=string
        }
        if (value instanceof java.util.Date date) {
            return switch (logical) {
                case "org.apache.kafka.connect.data.Date" -> (int) TimeUnit.MILLISECONDS.toDays(date.getTime());
                case "org.apache.kafka.connect.data.Time" -> (int) date.getTime();
                default -> date.getTime();
            };
        }
        return switch (schema.type()) {
            case INT8 -> ((Byte) value).intValue();
            case INT16 -> ((Short) value).intValue();
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                Schema itemType = nonNull(target.getElementType());
                for (Object item : (List<?>) value) {
                    items.add(value(item, schema.valueSchema(), itemType));
                }
                yield items;
            }
            case MAP -> {
                if (target.getType() == Schema.Type.STRING) {
                    yield String.valueOf(value);
                }
                Map<String, Object> entries = new HashMap<>();
                Schema valueType = nonNull(target.getValueType());
                ((Map<?, ?>) value).forEach((k, v) -> entries.put(String.valueOf(k), value(v, schema.valueSchema(), valueType)));
                yield entries;
            }
            case STRUCT -> value((Struct) value, target);
            default -> value;
        };
    }

    /** The non-null branch of an optional field's union. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
