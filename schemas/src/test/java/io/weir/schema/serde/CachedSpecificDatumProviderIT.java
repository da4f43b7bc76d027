package io.weir.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.registry.SchemaRegistration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serdes configured with {@link CachedSpecificDatumProvider} write exactly the bytes Apicurio's
 * default provider writes and read them back as the generated class, for many different records of
 * one schema, on two topics. It also prints what a record costs either way (information, not an
 * assertion: timings belong to benchmarks).
 */
@ExtendWith(ApicurioRegistryExtension.class)
class CachedSpecificDatumProviderIT {

    @Test
    void writesAndReadsWhatApicuriosDefaultProviderDoes(ApicurioRegistry registry) {
        TopicNaming naming = TopicNaming.withPrefix("it" + UUID.randomUUID().toString().substring(0, 8) + ".");
        new SchemaRegistration(registry.url()).registerAll(naming, List.of(Topics.INVOCATION_BATCHES));
        Map<String, Object> config = AvroSerdes.registryConfig(registry.url());
        Map<String, Object> defaults = new HashMap<>(config);
        defaults.remove(AvroSerdeConfig.AVRO_DATUM_PROVIDER);
        String topic = naming.name(Topics.INVOCATION_BATCHES);
        String otherTopic = topic + ".copy"; // no artifact yet: the first record auto-registers one

        try (AvroKafkaSerializer<InvocationBatch> ours = new AvroKafkaSerializer<>();
             AvroKafkaSerializer<InvocationBatch> apicurio = new AvroKafkaSerializer<>();
             AvroKafkaDeserializer<InvocationBatch> reader = new AvroKafkaDeserializer<>();
             AvroKafkaDeserializer<InvocationBatch> defaultReader = new AvroKafkaDeserializer<>()) {
            ours.configure(config, false);
            apicurio.configure(defaults, false);
            reader.configure(config, false);
            defaultReader.configure(defaults, false);
            for (int i = 0; i < 500; i++) {
                InvocationBatch invocation = batch(i);
                byte[] expected = apicurio.serialize(topic, new RecordHeaders(), invocation);
                byte[] actual = ours.serialize(topic, new RecordHeaders(), invocation);
                assertThat(actual).as("record %d", i).isEqualTo(expected);
                assertThat(reader.deserialize(topic, actual)).isEqualTo(invocation);
                assertThat(defaultReader.deserialize(topic, actual)).isEqualTo(invocation);
            }
            InvocationBatch elsewhere = batch(7);
            assertThat(ours.serialize(otherTopic, new RecordHeaders(), elsewhere))
                    .isEqualTo(apicurio.serialize(otherTopic, new RecordHeaders(), elsewhere));
            assertThat(ours.serialize(topic, null)).isEqualTo(apicurio.serialize(topic, null));

            int rounds = 200_000;
            InvocationBatch sample = batch(42);
            long apicurioNanos = time(rounds, () -> apicurio.serialize(topic, new RecordHeaders(), sample));
            long ourNanos = time(rounds, () -> ours.serialize(topic, new RecordHeaders(), sample));
            byte[] bytes = ours.serialize(topic, new RecordHeaders(), sample);
            long defaultReadNanos = time(rounds, () -> defaultReader.deserialize(topic, new RecordHeaders(), bytes));
            long ourReadNanos = time(rounds, () -> reader.deserialize(topic, new RecordHeaders(), bytes));
            System.out.printf("InvocationBatch of 3, µs/record: write %.2f (default provider) vs %.2f (cached), read %.2f vs %.2f%n",
                    apicurioNanos / 1000.0 / rounds, ourNanos / 1000.0 / rounds,
                    defaultReadNanos / 1000.0 / rounds, ourReadNanos / 1000.0 / rounds);
        }
    }

    private static long time(int rounds, Runnable serialize) {
        for (int i = 0; i < rounds / 4; i++) {
            serialize.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            serialize.run();
        }
        return System.nanoTime() - start;
    }

    private static InvocationBatch batch(int i) {
        return new InvocationBatch(List.of(invocation(i), invocation(i + 1), invocation(i + 2)));
    }

    private static Invocation invocation(int i) {
        return Invocation.newBuilder()
                .setInvocationId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L + i))
                .setApiId("api-" + (i % 7))
                .setApiRevision(i % 3 == 0 ? null : (long) i)
                .setEnvironment("production")
                .setOrganization("org")
                .setApplicationId(i % 2 == 0 ? "app-" + i : null)
                .setSubscriptionTier("Gold")
                .setCredentialKind(InvocationCredentialKind.values()[i % InvocationCredentialKind.values().length])
                .setMethod("GET")
                .setResource("/pets/{id}")
                .setStatusCode(200 + i % 300)
                .setRequestBytes(i)
                .setResponseBytes(1024L * i)
                .setGatewayLatencyMicros(100 + i)
                .setBackendLatencyMicros(i % 5 == 0 ? null : 50L + i)
                .setGatewayNode("node-1")
                .setProtocol(Protocol.HTTP)
                .setKind(InvocationKind.REQUEST)
                .setThrottleKeys(i % 4 == 0 ? List.of() : List.of("production|org/SUBSCRIPTION/Gold|app-" + i))
                .build();
    }
}
