package io.weir.schema.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.schema.serde.CachedSpecificDatumProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The written-out writer against Avro's own, on batches whose invocations are generated from the schema:
 * every field gets a value of its schema's type (every union branch, every enum symbol, the extremes of
 * numbers, non-ASCII and unpaired-surrogate strings), so that a field added to Invocation.avsc and not
 * to {@link InvocationBatchWriter} makes the bytes differ.
 */
class InvocationBatchWriterTest {

    private final Random random = new Random(11);
    /** Whether strings may hold an unpaired surrogate, which UTF-8 writes as '?' and so does not read back. */
    private boolean unpairedSurrogates;

    @Test
    void writesTheBytesAvrosWriterWrites() throws IOException {
        for (int i = 0; i < 3000; i++) {
            unpairedSurrogates = i % 2 == 1;
            InvocationBatch batch = randomBatch(i % 50 == 0 ? 200 : 1 + random.nextInt(8));

            byte[] ours = encode(new InvocationBatchWriter(), batch);

            assertThat(ours).as("batch %d", i).isEqualTo(encode(new SpecificDatumWriter<>(InvocationBatch.getClassSchema()), batch));
            if (!unpairedSurrogates) {
                assertThat(decode(ours)).isEqualTo(batch);
            }
        }
    }

    @Test
    void stringsRepeatedByInstanceAreWrittenAsTheFirstTime() throws IOException {
        // what a node records: the same String instances (its state's, its configuration's) call after call,
        // changing now and then; a few instances per field, short and long (past what a slot keeps), picked at random
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(string());
        }
        pool.add("long-" + "y".repeat(400));
        pool.add("ĉ".repeat(200));
        for (int i = 0; i < 500; i++) {
            InvocationBatch batch = randomBatch(1 + random.nextInt(20));
            for (Invocation invocation : batch.getInvocations()) {
                for (Schema.Field field : Invocation.getClassSchema().getFields()) {
                    Object value = invocation.get(field.pos());
                    if (value instanceof String) {
                        invocation.put(field.pos(), pool.get(random.nextInt(pool.size())));
                    }
                }
                List<String> keys = new ArrayList<>();
                for (int k = random.nextInt(7); k > 0; k--) {
                    keys.add(pool.get(random.nextInt(pool.size())));
                }
                invocation.setThrottleKeys(keys);
            }

            assertThat(encode(new InvocationBatchWriter(), batch)).as("batch %d", i)
                    .isEqualTo(encode(new SpecificDatumWriter<>(InvocationBatch.getClassSchema()), batch));
        }
    }

    @Test
    void aBatchLargerThanItsBufferIsWrittenWhole() throws IOException {
        InvocationBatch batch = randomBatch(1);
        batch.getInvocations().get(0).setCorrelationId("é".repeat(3 * 1024 * 1024)); // 6 MiB of UTF-8

        byte[] ours = encode(new InvocationBatchWriter(), batch);

        assertThat(ours).isEqualTo(encode(new SpecificDatumWriter<>(InvocationBatch.getClassSchema()), batch));
        // and the thread's next, small batch is written in full too
        InvocationBatch small = randomBatch(3);
        assertThat(encode(new InvocationBatchWriter(), small))
                .isEqualTo(encode(new SpecificDatumWriter<>(InvocationBatch.getClassSchema()), small));
    }

    @Test
    void aRequiredFieldLeftNullIsRefusedAsAvroRefusesIt() {
        // Avro refuses a null string or array with a NullPointerException and a null enum with an
        // AvroTypeException; either way the record is not written, and ours names the field
        for (Schema.Field field : Invocation.getClassSchema().getFields()) {
            if (field.schema().isNullable()) {
                continue;
            }
            InvocationBatch batch = randomBatch(2);
            Object value = batch.getInvocations().get(1).get(field.pos());
            if (value instanceof Number || value instanceof Boolean) {
                continue; // an int, long or boolean cannot be null in the generated class
            }
            batch.getInvocations().get(1).put(field.pos(), null);

            assertThatThrownBy(() -> encode(new SpecificDatumWriter<>(InvocationBatch.getClassSchema()), batch))
                    .as(field.name()).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> encode(new InvocationBatchWriter(), batch))
                    .as(field.name()).isInstanceOf(NullPointerException.class).hasMessageContaining(field.name());
        }
    }

    @Test
    void writesTheGeneratedSchemaAndWhatTheRegistryReturnsOfItButNoOther() {
        Schema fromRegistry = new Schema.Parser().parse(InvocationBatch.getClassSchema().toString());
        Schema evolved = new Schema.Parser().parse(InvocationBatch.getClassSchema().toString()
                .replace("{\"name\":\"invocationId\"", "{\"name\":\"region\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"invocationId\""));

        assertThat(InvocationBatchWriter.writes(InvocationBatch.getClassSchema())).isTrue();
        assertThat(InvocationBatchWriter.writes(fromRegistry)).isTrue();
        assertThat(evolved.toString()).contains("region");
        assertThat(InvocationBatchWriter.writes(evolved)).isFalse();
        assertThat(InvocationBatchWriter.writes(Invocation.getClassSchema())).isFalse();

        CachedSpecificDatumProvider<Object> provider = new CachedSpecificDatumProvider<>();
        assertThat(provider.createDatumWriter(null, fromRegistry)).isInstanceOf(InvocationBatchWriter.class);
        assertThat(provider.createDatumWriter(null, evolved)).isNotInstanceOf(InvocationBatchWriter.class);
        assertThatThrownBy(() -> new InvocationBatchWriter().setSchema(evolved)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] encode(DatumWriter<InvocationBatch> writer, InvocationBatch batch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null); // as Apicurio's serializer
        writer.write(batch, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static InvocationBatch decode(byte[] bytes) throws IOException {
        return new SpecificDatumReader<>(InvocationBatch.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private InvocationBatch randomBatch(int invocations) {
        List<Invocation> list = new ArrayList<>();
        for (int i = 0; i < invocations; i++) {
            Invocation invocation = new Invocation();
            for (Schema.Field field : Invocation.getClassSchema().getFields()) {
                invocation.put(field.pos(), value(field.schema()));
            }
            list.add(invocation);
        }
        return new InvocationBatch(list);
    }

    /** A random value of {@code schema}'s type, as the generated classes hold it. */
    private Object value(Schema schema) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli(random.nextBoolean() ? random.nextLong() : 1_790_000_000_000L + random.nextInt());
        }
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> random.nextBoolean();
            case INT -> switch (random.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> random.nextInt(300) - 150;
                default -> random.nextInt();
            };
            case LONG -> switch (random.nextInt(4)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> (long) random.nextInt(300) - 150;
                default -> random.nextLong();
            };
            case STRING -> string();
            case ENUM -> SpecificData.get().createEnum(schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())), schema);
            case UNION -> value(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(schema.getElementType()));
                }
                yield items;
            }
            default -> throw new AssertionError("InvocationBatchWriterTest generates no " + schema.getType()
                    + " yet: teach it, and InvocationBatchWriter, the new field's type");
        };
    }

    private String string() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "ĉiu-" + random.nextInt(); // two-byte UTF-8
            case 2 -> "日本" + random.nextInt() + "\uD83D\uDE80"; // three and four bytes
            case 3 -> unpairedSurrogates ? "broken\uD800surrogate" : "whole\uD83D\uDE00"; // unpaired: written as '?'
            case 4 -> "x".repeat(random.nextInt(200));
            default -> "api-" + random.nextInt(1000) + "/v1";
        };
    }
}
