package io.weir.schema.serde;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.weir.schema.invocation.InvocationBatchWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Apicurio's datum provider, without a schema fingerprint per record. Apicurio's default provider
 * keys its reader and writer caches by the schema's parsing fingerprint, computed again for every
 * record (~10 µs for our envelopes); this one keys them by the schema itself, whose hash Avro caches
 * and whose instances the registry resolver reuses per schema id. Records are read as the generated
 * class of the writer schema's name (resolved writer → reader, so older and newer writers both
 * work), or as generic records when no such class exists (CDC tables) or the serde is configured
 * with {@code use-specific-avro-reader=false}. Invocation batches, the one record every served call
 * contributes to, are written by {@link InvocationBatchWriter} (the same bytes). Configured for every Weir
 * serde by {@link AvroSerdes#registryConfig}.
 */
public final class CachedSpecificDatumProvider<T> implements AvroDatumProvider<T> {

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    /** For values that are not Avro containers (a bare string or number): Apicurio's own rules. */
    private final DefaultAvroDatumProvider<T> primitives = new DefaultAvroDatumProvider<>();

    /** False when configured with {@code use-specific-avro-reader=false}: every record read generic. */
    private boolean specific = true;

    @Override
    public void configure(AvroSerdeConfig config) {
        primitives.configure(config);
        specific = config.useSpecificAvroReader();
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(schema, CachedSpecificDatumProvider::writer);
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        return readers.computeIfAbsent(writerSchema, s -> specific ? reader(s) : new GenericDatumReader<>(s));
    }

    @Override
    public Schema toSchema(T data) {
        return data instanceof GenericContainer container ? container.getSchema() : primitives.toSchema(data);
    }

    @SuppressWarnings("unchecked")
    private static <T> DatumWriter<T> writer(Schema schema) {
        if (InvocationBatchWriter.writes(schema)) {
            return (DatumWriter<T>) new InvocationBatchWriter(); // one per call served: written out, same bytes
        }
        return SpecificData.get().getClass(schema) != null ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema);
    }

    private static <T> DatumReader<T> reader(Schema writerSchema) {
        Class<?> generated = writerSchema.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writerSchema) : null;
        if (generated == null) {
            return new GenericDatumReader<>(writerSchema);
        }
        return new SpecificDatumReader<>(writerSchema, SpecificData.get().getSchema(generated));
    }
}
