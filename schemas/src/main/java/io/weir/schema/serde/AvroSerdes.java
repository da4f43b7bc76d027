package io.weir.schema.serde;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.weir.schema.catalogue.TopicSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place that says how Weir's topics are (de)serialized: string keys, Avro values through
 * the Apicurio Registry serdes (artifact {@code <topic>-value}, the topic-id strategy), read back
 * as the generated specific classes, through {@link CachedSpecificDatumProvider} (no schema
 * fingerprint per record).
 *
 * <p>Every registry call these serdes make is bounded: {@value #REQUEST_TIMEOUT_MS} (default 10 s) per
 * attempt, {@code apicurio.registry.retry-count} retries (default 2) after
 * {@code apicurio.registry.retry-backoff-ms} (default 500, doubling), then
 * {@link RegistryUnavailableException} — at most ~31.5 s with the defaults, never a hang (see
 * {@link BoundedRegistryClient}). A caller can override any of these in the returned map.
 */
public final class AvroSerdes {

    /** Serde property: milliseconds one registry call may take (connect, then silence), default 10000. */
    public static final String REQUEST_TIMEOUT_MS = RegistryCallPolicy.REQUEST_TIMEOUT_MS;

    private AvroSerdes() {
    }

    /** Serde settings shared by producers, consumers and Kafka Streams. */
    public static Map<String, Object> registryConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaResolverConfig.REGISTRY_URL, registryUrl);
        // find the version registered at bootstrap (or add a compatible one; the BACKWARD rule guards it)
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachedSpecificDatumProvider.class.getName());
        // bounded, retried registry calls; schemas remembered per process (BoundedRegistryClient)
        config.put(SerdeConfig.SCHEMA_RESOLVER, BoundedSchemaResolver.class.getName());
        config.put(REQUEST_TIMEOUT_MS, RegistryCallPolicy.REQUEST_TIMEOUT_MS_DEFAULT);
        config.put(SchemaResolverConfig.RETRY_COUNT, (long) RegistryCallPolicy.RETRIES_DEFAULT);
        config.put(SchemaResolverConfig.RETRY_BACKOFF_MS, RegistryCallPolicy.BACKOFF_MS_DEFAULT);
        // an expired cache entry that cannot be refreshed is used as it was rather than failing the record
        config.put(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        return config;
    }

    /** Producer properties for writing to a catalogue topic. */
    public static Map<String, Object> producerConfig(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = registryConfig(registryUrl);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Consumer properties for reading a catalogue topic as generated classes. */
    public static Map<String, Object> consumerConfig(String bootstrapServers, String registryUrl, String groupId) {
        Map<String, Object> config = registryConfig(registryUrl);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /** The key serde of every catalogue topic. */
    public static Serde<String> keySerde() {
        return Serdes.String();
    }

    /** A configured value serde for a catalogue topic, for Kafka Streams. */
    public static <V extends SpecificRecord> Serde<V> valueSerde(TopicSpec<V> topic, String registryUrl) {
        return valueSerde(topic.valueType(), registryUrl);
    }

    /**
     * A configured value serde for any generated record type: stores, repartition topics, and sinks
     * that write several record types (the registry artifact follows the topic, the schema the record).
     */
    public static <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type, String registryUrl) {
        Serde<V> serde = Serdes.serdeFrom(new AvroKafkaSerializer<>(), new AvroKafkaDeserializer<>());
        serde.configure(registryConfig(registryUrl), false);
        return serde;
    }
}
