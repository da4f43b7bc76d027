package io.weir.dataplane.kafka;

import io.weir.dataplane.config.GatewayConfig;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.serde.AvroSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The node's one way to Kafka: topic names from the catalogue, serdes from {@link AvroSerdes}. */
@ApplicationScoped
public class GatewayKafka {

    private final String bootstrapServers;
    private final String registryUrl;
    private final TopicNaming naming;

    @Inject
    public GatewayKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
                        GatewayConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.naming = TopicNaming.withPrefix(config.topicPrefix());
    }

    public String topic(TopicSpec<?> spec) {
        return naming.name(spec);
    }

    /** A consumer without a group: the caller assigns partitions and reads from the beginning. */
    public <V extends SpecificRecord> KafkaConsumer<String, V> reader(TopicSpec<V> spec, String clientId) {
        Map<String, Object> props = new HashMap<>(AvroSerdes.consumerConfig(bootstrapServers, registryUrl, null));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // fetch.max.wait.ms stays at Kafka's 500 ms: a long poll returns as soon as a record (or a
        // transaction marker) arrives, so a shorter wait buys no latency - it only makes every idle
        // feed of every node ask the broker again 20 times a second (measured: one node's feeds at
        // 50 ms cost an idle broker 0.16 of a core; see docs/gateway.md)
        return new KafkaConsumer<>(props, AvroSerdes.keySerde().deserializer(),
                AvroSerdes.valueSerde(spec, registryUrl).deserializer());
    }

    /**
     * A consumer in a group (the webhook fan-out and delivery share work across nodes this way):
     * read_committed, no auto commit; values read by the given deserializer.
     */
    public <V> KafkaConsumer<String, V> groupReader(String groupId, String clientId, Deserializer<V> values,
                                                   Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(AvroSerdes.consumerConfig(bootstrapServers, registryUrl, groupId));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(overrides);
        return new KafkaConsumer<>(props, AvroSerdes.keySerde().deserializer(), values);
    }

    /** The registry-aware deserializer of a catalogue topic's values, for consumers that read raw bytes first. */
    public <V extends SpecificRecord> Deserializer<V> valueReader(TopicSpec<V> spec) {
        return AvroSerdes.valueSerde(spec, registryUrl).deserializer();
    }

    /** A registry-aware Avro deserializer into generic records, for topics outside the catalogue. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Deserializer<Object> genericAvroReader() {
        Map<String, Object> config = new HashMap<>(AvroSerdes.registryConfig(registryUrl));
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
        Deserializer deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    /**
     * A byte consumer without a group (read committed) for an API's own topics - the topics a STREAM
     * API is bound to, which are the publisher's, not the catalogue's.
     */
    public KafkaConsumer<byte[], byte[]> rawReader(String clientId, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A byte producer (idempotent, acks=all) for records clients publish to an API's own topics. */
    public KafkaProducer<byte[], byte[]> rawWriter(String clientId, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The schema registry, for decoding Avro records of an API's topics. */
    public String registryUrl() {
        return registryUrl;
    }

    /** A producer for the node's own records (heartbeats, invocations), with extra settings applied. */
    public <V extends SpecificRecord> KafkaProducer<String, V> writer(TopicSpec<V> spec, String clientId,
                                                                     Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(AvroSerdes.producerConfig(bootstrapServers, registryUrl));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(overrides);
        return new KafkaProducer<>(props, AvroSerdes.keySerde().serializer(),
                AvroSerdes.valueSerde(spec, registryUrl).serializer());
    }
}
