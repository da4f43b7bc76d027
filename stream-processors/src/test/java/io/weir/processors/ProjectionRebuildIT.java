package io.weir.processors;

import static io.weir.processors.testing.CommandFixtures.command;
import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.catalogue.TopicBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.serde.AvroSerdes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Everything but the log is a projection (DESIGN.md rule 2): the management views rebuilt from the
 * event logs by a fresh application id, into other topics, equal the live views.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class ProjectionRebuildIT {

    private final TopicNaming live = TopicNaming.defaults();
    private final String bootstrap = SharedComponents.kafka().bootstrapServers();
    private final String registry = SharedComponents.registry().url();

    @Test
    void viewsRebuiltFromTheLogWithAFreshApplicationIdEqualTheLiveOnes() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String apiId = "api-" + suffix;
        produce(defineEnvironment("env-" + suffix), defineSubscriptionTier("Tier" + suffix));
        Awaitility.await().alias("live views show the tier").atMost(Duration.ofSeconds(60))
                .until(() -> read(live, Topics.VIEW_POLICIES).containsKey("acme/SUBSCRIPTION/Tier" + suffix));
        Awaitility.await().alias("the API is created").atMost(Duration.ofSeconds(60)).until(() -> {
            produce(createApi(apiId, "/rebuild-" + suffix, "v1", "Tier" + suffix));
            return read(live, Topics.VIEW_APIS).containsKey(apiId);
        });
        produce(command(AggregateType.API, apiId, new CreateApiRevision("first")),
                command(AggregateType.API, apiId, new DeployApiRevision(1L, List.of("env-" + suffix))));
        Awaitility.await().alias("the deployment is in the live view").atMost(Duration.ofSeconds(60))
                .until(() -> read(live, Topics.VIEW_APIS).get(apiId).toString().contains("env-" + suffix));

        TopicNaming rebuilt = TopicNaming.withPrefix("rebuild-" + suffix + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicBootstrap(admin, rebuilt, (short) 1).ensure(Topics.views());
        }
        StreamsBuilder builder = new StreamsBuilder();
        new ManagementViewsTopology(live, rebuilt, ProcessorSerdes.apicurio(registry)).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "weir-views-rebuild-" + suffix);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rebuild").toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams rebuild = new KafkaStreams(builder.build(), config)) {
            rebuild.start();
            for (TopicSpec<?> view : Topics.views()) {
                Awaitility.await().alias("rebuilt " + view.baseName() + " equals the live one")
                        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(read(rebuilt, view)).isEqualTo(read(live, view)));
            }
        }
        assertThat(read(live, Topics.VIEW_APIS)).containsKey(apiId);
    }

    private void produce(CommandEnvelope... commands) throws Exception {
        try (KafkaProducer<String, CommandEnvelope> producer =
                new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry))) {
            for (CommandEnvelope command : commands) {
                producer.send(new ProducerRecord<>(live.name(Topics.COMMANDS), command.getAggregateId(), command)).get();
            }
        }
    }

    /** A compacted view topic as a map: the latest value per key, tombstones removing. */
    private Map<String, Object> read(TopicNaming naming, TopicSpec<?> view) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Object> state = new HashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            String topic = naming.name(view);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        state.remove(record.key());
                    } else {
                        state.put(record.key(), record.value());
                    }
                });
            }
        }
        return state;
    }
}
