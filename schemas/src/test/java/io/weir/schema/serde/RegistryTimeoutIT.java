package io.weir.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.registry.SchemaRegistration;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A registry that accepts connections and never answers costs a serde a bounded time and a clear
 * {@link RegistryUnavailableException}, never a hang; schemas resolved at start by
 * {@link SchemaWarmup} need the registry no more; and ordinary use through the bounded client works.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class RegistryTimeoutIT {

    /** Short bounds so the test is quick: 3 attempts of 1 s, 100 ms then 200 ms apart: at most 3.3 s. */
    private static final RegistryCallPolicy QUICK = new RegistryCallPolicy(Duration.ofSeconds(1), 2, Duration.ofMillis(100));

    @Test
    void aLookupAgainstASilentRegistryFailsWithinItsBound() throws Exception {
        try (MutableRegistryProxy silent = MutableRegistryProxy.silent();
             AvroKafkaSerializer<InvocationBatch> writer = new AvroKafkaSerializer<>();
             AvroKafkaDeserializer<Object> reader = new AvroKafkaDeserializer<>()) {
            writer.configure(quick(silent.url()), false);
            reader.configure(quick(silent.url()), false);

            Failure write = timed(() -> writer.serialize("weir.invocation-batches", new RecordHeaders(), new InvocationBatch()));
            assertFailedWithinBound(write, silent.url());
            assertThat(silent.acceptedWhileMuted()).as("one connection per attempt").isEqualTo(3);

            byte[] framedWithContentId42 = {0, 0, 0, 0, 42, 2, 0};
            Failure read = timed(() -> reader.deserialize("weir.invocation-batches", framedWithContentId42));
            assertFailedWithinBound(read, silent.url());
            assertThat(silent.acceptedWhileMuted()).isEqualTo(6);
        }
    }

    @Test
    void warmedSchemasNeedNoRegistryAndOrdinaryUseWorks(ApicurioRegistry registry) throws Exception {
        TopicNaming naming = TopicNaming.withPrefix("it" + UUID.randomUUID().toString().substring(0, 8) + ".");
        new SchemaRegistration(registry.url()).registerAll(naming, List.of(Topics.COMMANDS, Topics.INVOCATION_BATCHES));
        String commands = naming.name(Topics.COMMANDS);
        CommandEnvelope command = SampleCommands.createApplication();

        try (MutableRegistryProxy proxy = new MutableRegistryProxy(registry.url())) {
            Map<String, String> refused = new HashMap<>();
            Duration warmup = SchemaWarmup.resolveAll(proxy.url(), naming, List.of(Topics.COMMANDS), refused);
            assertThat(refused).as("topics the registry refused to warm").isEmpty();
            System.out.printf("warm-up of one topic through the proxy: %d ms%n", warmup.toMillis());
            byte[] written;
            try (AvroKafkaSerializer<CommandEnvelope> writer = new AvroKafkaSerializer<>();
                 AvroKafkaDeserializer<CommandEnvelope> reader = new AvroKafkaDeserializer<>()) {
                writer.configure(quick(proxy.url()), false);
                reader.configure(quick(proxy.url()), false);
                written = writer.serialize(commands, new RecordHeaders(), command);
                assertThat(reader.deserialize(commands, written)).isEqualTo(command);
            }

            proxy.mute();
            try (AvroKafkaSerializer<Object> writer = new AvroKafkaSerializer<>();
                 AvroKafkaDeserializer<CommandEnvelope> reader = new AvroKafkaDeserializer<>()) {
                writer.configure(quick(proxy.url()), false); // new serdes: nothing in their own caches
                reader.configure(quick(proxy.url()), false);
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    assertThat(writer.serialize(commands, new RecordHeaders(), command)).isEqualTo(written);
                    assertThat(reader.deserialize(commands, written)).isEqualTo(command);
                }, "a warmed schema is served from the process without the registry");
                assertThat(proxy.acceptedWhileMuted()).as("registry calls after the warm-up").isZero();

                Failure notWarmed = timed(() -> writer.serialize(naming.name(Topics.INVOCATION_BATCHES), new RecordHeaders(),
                        new InvocationBatch()));
                assertFailedWithinBound(notWarmed, proxy.url());
            }
        }
    }

    private record Failure(Throwable thrown, Duration took) {
    }

    private static Failure timed(Runnable call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(call::run);
            return new Failure(thrown, Duration.ofNanos(System.nanoTime() - start));
        }, "a registry lookup hangs");
    }

    private static void assertFailedWithinBound(Failure failure, String registryUrl) {
        System.out.printf("failed after %d ms (bound %d ms): %s%n", failure.took().toMillis(),
                QUICK.worstCase().toMillis(), failure.thrown());
        assertThat(failure.thrown()).isNotNull();
        assertThat(RegistryUnavailableException.isCauseOf(failure.thrown())).as("caused by a registry outage: %s",
                failure.thrown()).isTrue();
        assertThat(failure.thrown()).hasStackTraceContaining("schema registry at " + registryUrl + " did not answer")
                .hasStackTraceContaining("3 attempts of at most 1000 ms each failed");
        assertThat(failure.took()).as("every attempt waited its timeout")
                .isGreaterThanOrEqualTo(QUICK.requestTimeout().multipliedBy(3))
                .isLessThan(QUICK.worstCase().plusSeconds(5)); // slack: Vert.x start, a loaded 2-core box
    }

    private static Map<String, Object> quick(String registryUrl) {
        Map<String, Object> config = AvroSerdes.registryConfig(registryUrl);
        config.put(AvroSerdes.REQUEST_TIMEOUT_MS, QUICK.requestTimeout().toMillis());
        config.put(SchemaResolverConfig.RETRY_COUNT, (long) QUICK.retries());
        config.put(SchemaResolverConfig.RETRY_BACKOFF_MS, QUICK.backoff().toMillis());
        return config;
    }
}
