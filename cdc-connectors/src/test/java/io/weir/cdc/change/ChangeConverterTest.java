package io.weir.cdc.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.cdc.ChangeRecord;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Debezium envelopes (as the PostgreSQL connector shapes them) to Weir's change records, without a database. */
class ChangeConverterTest {

    private static final org.apache.kafka.connect.data.Schema ROW = SchemaBuilder.struct().name("shop.public.order_lines.Value")
            .field("id", SchemaBuilder.INT32_SCHEMA)
            .field("sku", SchemaBuilder.string().optional().build())
            .field("price", Decimal.builder(2).optional().build())
            .field("shipped", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("flags", SchemaBuilder.array(SchemaBuilder.INT16_SCHEMA).optional().build())
            .optional()
            .build();
    private static final org.apache.kafka.connect.data.Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", SchemaBuilder.STRING_SCHEMA).field("table", SchemaBuilder.STRING_SCHEMA)
            .field("ts_ms", SchemaBuilder.INT64_SCHEMA)
            .field("txId", SchemaBuilder.OPTIONAL_INT64_SCHEMA).field("lsn", SchemaBuilder.OPTIONAL_INT64_SCHEMA).build();
    private static final org.apache.kafka.connect.data.Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.order_lines.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", SchemaBuilder.STRING_SCHEMA).field("ts_ms", SchemaBuilder.OPTIONAL_INT64_SCHEMA).build();

    private final ChangeConverter converter = new ChangeConverter(TopicNaming.defaults(), "shop");

    @Test
    void anUpdateBecomesAnAvroChangeOnTheTablesTopicKeyedByTheRow() {
        CapturedChange change = converter.convert(record("u", row(7, "A-1", "9.50"), row(7, "A-1", "12.00"))).orElseThrow();

        assertThat(change.topic()).isEqualTo("weir.cdc.shop.public.order_lines");
        assertThat(change.key()).isEqualTo("7");
        assertThat(change.table().catalogName()).isEqualTo("shop.public.order_lines");
        GenericRecord value = change.value();
        assertThat(value.get(ChangeRecord.OP)).isEqualTo(ChangeRecord.UPDATE);
        assertThat(value.get(ChangeRecord.LSN)).isEqualTo(4242L);
        assertThat(value.get(ChangeRecord.TX_ID)).isEqualTo(77L);
        assertThat(value.get(ChangeRecord.COMMITTED_AT)).isEqualTo(1_700_000_000_000L);
        GenericRecord after = (GenericRecord) value.get(ChangeRecord.AFTER);
        assertThat(after.get("price")).isEqualTo("12.00");
        assertThat(after.get("shipped")).isEqualTo(1_700_000_000_000_000L);
        assertThat(after.get("flags")).isEqualTo(java.util.List.of(1, 2));
        assertThat(((GenericRecord) value.get(ChangeRecord.BEFORE)).get("price")).isEqualTo("9.50");
        assertThat(change.committedAt()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void theSchemaHasEveryColumnOptionalWithLogicalTypesAndLegalNames() {
        Schema schema = converter.convert(record("c", null, row(1, null, null))).orElseThrow().schema();

        assertThat(schema.getFullName()).isEqualTo("io.weir.cdc.shop.public_.OrderLinesChange");
        Schema row = nonNull(schema.getField(ChangeRecord.AFTER).schema());
        assertThat(row.getFields()).allSatisfy(field -> {
            assertThat(field.schema().getType()).isEqualTo(Schema.Type.UNION);
            assertThat(field.hasDefaultValue()).isTrue();
        });
        assertThat(nonNull(row.getField("shipped").schema()).getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(nonNull(row.getField("price").schema()).getType()).isEqualTo(Schema.Type.STRING);
        assertThat(row.getField("sku").getProp("column")).isEqualTo("sku");
    }

    @Test
    void anAddedColumnIsABackwardCompatibleSchema() {
        org.apache.kafka.connect.data.Schema wider = SchemaBuilder.struct().name("shop.public.order_lines.Value")
                .field("id", SchemaBuilder.INT32_SCHEMA).field("sku", SchemaBuilder.string().optional().build())
                .field("price", Decimal.builder(2).optional().build())
                .field("shipped", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
                .field("flags", SchemaBuilder.array(SchemaBuilder.INT16_SCHEMA).optional().build())
                .field("note", SchemaBuilder.string().optional().build()).optional().build();
        TableId table = new TableId("shop", "public", "order_lines");
        Schema before = ChangeConverter.changeSchema(table, ROW);
        Schema after = ChangeConverter.changeSchema(table, wider);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(after, before).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void snapshotsDeletesAndCompositeKeys() {
        assertThat(converter.convert(record("r", null, row(1, "x", "1.00"))).orElseThrow().value().get(ChangeRecord.OP))
                .isEqualTo(ChangeRecord.SNAPSHOT);
        CapturedChange delete = converter.convert(record("d", row(1, "x", "1.00"), null)).orElseThrow();
        assertThat(delete.value().get(ChangeRecord.OP)).isEqualTo(ChangeRecord.DELETE);
        assertThat(delete.value().get(ChangeRecord.AFTER)).isNull();

        org.apache.kafka.connect.data.Schema keySchema = SchemaBuilder.struct().field("order_id", SchemaBuilder.INT32_SCHEMA)
                .field("line", SchemaBuilder.STRING_SCHEMA).build();
        SourceRecord composite = new SourceRecord(Map.of(), Map.of(), "shop.public.order_lines", null, keySchema,
                new Struct(keySchema).put("order_id", 3).put("line", "b"), ENVELOPE, envelope("c", null, row(1, "x", "1.00")));
        assertThat(ChangeConverter.key(composite)).isEqualTo("{\"order_id\":3,\"line\":\"b\"}");
    }

    @Test
    void recordsThatAreNotRowChangesGiveNothing() {
        org.apache.kafka.connect.data.Schema heartbeat = SchemaBuilder.struct().field("ts_ms", SchemaBuilder.INT64_SCHEMA).build();
        assertThat(converter.convert(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.shop", null, null, null,
                heartbeat, new Struct(heartbeat).put("ts_ms", 1L)))).isEmpty();
        assertThat(converter.convert(record("t", null, null))).as("truncate").isEmpty();
        assertThat(converter.convert(new SourceRecord(Map.of(), Map.of(), "shop.public.order_lines", null, null, null, null, null)))
                .as("tombstone").isEmpty();
    }

    private static SourceRecord record(String op, Struct before, Struct after) {
        org.apache.kafka.connect.data.Schema keySchema = SchemaBuilder.struct().field("id", SchemaBuilder.INT32_SCHEMA).build();
        Struct row = after != null ? after : before;
        Struct key = row == null ? null : new Struct(keySchema).put("id", row.get("id"));
        return new SourceRecord(Map.of(), Map.of(), "shop.public.order_lines", null, keySchema, key, ENVELOPE,
                envelope(op, before, after));
    }

    private static Struct envelope(String op, Struct before, Struct after) {
        return new Struct(ENVELOPE).put("before", before).put("after", after).put("op", op).put("ts_ms", 1_700_000_000_050L)
                .put("source", new Struct(SOURCE).put("schema", "public").put("table", "order_lines")
                        .put("ts_ms", 1_700_000_000_000L).put("txId", 77L).put("lsn", 4242L));
    }

    private static Struct row(int id, String sku, String price) {
        return new Struct(ROW).put("id", id).put("sku", sku).put("price", price == null ? null : new BigDecimal(price))
                .put("shipped", 1_700_000_000_000_000L).put("flags", java.util.List.of((short) 1, (short) 2));
    }

    private static Schema nonNull(Schema union) {
        return union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
