package io.weir.processors.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A registry-free Avro serde for TopologyTestDriver tests: the record's class name, then its Avro
 * binary. Production uses the Apicurio serdes; topology logic is the same either way.
 */
public final class SelfDescribingAvroSerde<T extends SpecificRecord> implements Serde<T> {

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> {
            if (record == null) {
                return null;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] name = record.getClass().getName().getBytes(StandardCharsets.UTF_8);
                out.write(ByteBuffer.allocate(4).putInt(name.length).array());
                out.write(name);
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte[] name = new byte[buffer.getInt()];
            buffer.get(name);
            try {
                Class<?> type = Class.forName(new String(name, StandardCharsets.UTF_8));
                Schema schema = SpecificData.get().getSchema(type);
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, buffer.position(),
                        bytes.length - buffer.position(), null);
                return (T) new SpecificDatumReader<>(schema).read(null, decoder);
            } catch (ClassNotFoundException | IOException e) {
                throw new IllegalStateException("cannot decode a test record", e);
            }
        };
    }
}
