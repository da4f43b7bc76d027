package io.weir.processors;

import io.weir.schema.serde.AvroSerdes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Avro serdes of the processors. In the apps they are the Apicurio serdes against one registry
 * ({@link #apicurio}); topology unit tests plug in a registry-free Avro serde. {@link #any()}
 * serializes any generated record (sinks that write several types, stores holding several state
 * types): the registry artifact follows the topic and the schema follows the record.
 */
public final class ProcessorSerdes {

    private final Function<Class<? extends SpecificRecord>, Serde<?>> factory;
    private final Map<Class<?>, Serde<?>> serdes = new ConcurrentHashMap<>();

    public ProcessorSerdes(Function<Class<? extends SpecificRecord>, Serde<?>> factory) {
        this.factory = factory;
    }

    public static ProcessorSerdes apicurio(String registryUrl) {
        return new ProcessorSerdes(type -> AvroSerdes.valueSerde(type, registryUrl));
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> of(Class<V> type) {
        return (Serde<V>) serdes.computeIfAbsent(type, t -> factory.apply(type));
    }

    public Serde<SpecificRecord> any() {
        return of(SpecificRecord.class);
    }
}
