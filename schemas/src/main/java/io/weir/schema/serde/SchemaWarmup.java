package io.weir.schema.serde;

import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.data.SerdeRecord;
import io.apicurio.registry.serde.kafka.data.KafkaSerdeMetadata;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Resolves the value schema of catalogue topics once, when an app starts, so that the first record of
 * a type needs no registry round trip on a hot thread (a Kafka Streams thread inside a transaction, a
 * gateway's producer). Each topic's schema is looked up the way a serializer does (its version under
 * {@code <topic>-value}, registered by the bootstrap) and then read back by content id and by global id
 * the way a deserializer does; both answers stay in the process' {@link BoundedRegistryClient}, which every Weir
 * serde of the process shares. Schemas of older versions and of Kafka Streams' internal topics
 * (changelogs, repartitions) are still resolved on first use, within the same bounds.
 */
public final class SchemaWarmup {

    private SchemaWarmup() {
    }

    /**
     * Resolves every topic's value schema; returns how long it took. A topic the registry refuses (e.g. a
     * compatibility rule on one of its nested types) is passed over and named in {@code refused}: it is then
     * resolved on first use, as without a warm-up.
     *
     * @throws RegistryUnavailableException when the registry does not answer within its bounds
     */
    public static Duration resolveAll(String registryUrl, TopicNaming naming, Collection<TopicSpec<?>> topics,
                                      Map<String, String> refused) {
        long start = System.nanoTime();
        try (AvroKafkaSerializer<Object> writer = new AvroKafkaSerializer<>();
             AvroKafkaDeserializer<Object> reader = new AvroKafkaDeserializer<>()) {
            writer.configure(AvroSerdes.registryConfig(registryUrl), false);
            reader.configure(AvroSerdes.registryConfig(registryUrl), false);
            for (TopicSpec<?> topic : topics) {
                KafkaSerdeMetadata metadata = new KafkaSerdeMetadata(naming.name(topic), false, new RecordHeaders());
                SchemaLookupResult<Schema> written;
                try {
                    written = writer.getSchemaResolver().resolveSchema(new SerdeRecord<>(metadata, emptyValue(topic)));
                } catch (RuntimeException e) {
                    if (RegistryUnavailableException.isCauseOf(e)) {
                        throw e;
                    }
                    refused.put(naming.name(topic), String.valueOf(e.getMessage()));
                    continue;
                }
                // records carry the content id (Apicurio's default) or the global id: read both ways
                reader.getSchemaResolver().resolveSchemaByArtifactReference(
                        ArtifactReference.fromContentId(written.getContentId()));
                reader.getSchemaResolver().resolveSchemaByArtifactReference(
                        ArtifactReference.fromGlobalId(written.getGlobalId()));
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** An instance of the topic's generated class: only its schema is looked at. */
    private static Object emptyValue(TopicSpec<?> topic) {
        try {
            return topic.valueType().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(topic.valueType() + " is not a generated Avro record", e);
        }
    }
}
