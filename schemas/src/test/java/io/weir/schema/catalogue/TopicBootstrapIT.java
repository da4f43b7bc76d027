package io.weir.schema.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.junit.KafkaBrokerExtension;
import io.weir.harness.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalogue, created on a real broker and read back from it. */
@ExtendWith(KafkaBrokerExtension.class)
class TopicBootstrapIT {

    private Admin admin;
    private TopicNaming naming;

    @BeforeEach
    void connect(KafkaBroker broker) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        // a fresh prefix per test: tests share one broker per JVM
        naming = TopicNaming.withPrefix("it" + UUID.randomUUID().toString().substring(0, 8) + ".");
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void createsEveryTopicWithTheCatalogueSettings() throws Exception {
        TopicBootstrap bootstrap = new TopicBootstrap(admin, naming, (short) 1);

        TopicBootstrap.Report report = bootstrap.ensure(Topics.ALL);

        assertThat(report.created()).containsExactlyInAnyOrderElementsOf(names(Topics.ALL));
        Map<String, TopicDescription> described = admin.describeTopics(names(Topics.ALL)).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources(Topics.ALL)).all().get();
        for (TopicSpec<?> topic : Topics.ALL) {
            String name = naming.name(topic);
            assertThat(described.get(name).partitions()).as(name).hasSize(topic.partitions());
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            assertThat(actual.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(name).isEqualTo(topic.cleanup().policy());
            assertThat(Long.parseLong(actual.get(TopicConfig.RETENTION_MS_CONFIG).value())).as(name)
                    .isEqualTo(topic.retentionMs());
        }
    }

    @Test
    void isIdempotentAndRepairsConfigDrift() throws Exception {
        TopicBootstrap bootstrap = new TopicBootstrap(admin, naming, (short) 1);
        bootstrap.ensure(Topics.ALL);
        assertThat(bootstrap.ensure(Topics.ALL).changedAnything()).isFalse();

        String commands = naming.name(Topics.COMMANDS);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, commands);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "1000"), AlterConfigOp.OpType.SET)))).all().get();
        Awaitility.await().alias("the broker applied the drifted retention").atMost(Duration.ofSeconds(30))
                .until(() -> retention(resource).equals("1000"));

        TopicBootstrap.Report repaired = bootstrap.ensure(Topics.ALL);

        assertThat(repaired.reconfigured()).containsExactly(commands);
        Awaitility.await().alias("the broker applied the repaired retention").atMost(Duration.ofSeconds(30))
                .until(() -> retention(resource).equals(Long.toString(Topics.COMMANDS.retentionMs())));
    }

    @Test
    void reportsButNeverChangesAPartitionCountThatDiffers() throws Exception {
        String apis = naming.name(Topics.GATEWAY_APIS);
        admin.createTopics(List.of(new NewTopic(apis, 1, (short) 1))).all().get();

        TopicBootstrap.Report report = new TopicBootstrap(admin, naming, (short) 1).ensure(List.of(Topics.GATEWAY_APIS));

        assertThat(report.partitionMismatches()).singleElement().asString().contains(apis, "1 partitions");
        assertThat(admin.describeTopics(List.of(apis)).allTopicNames().get().get(apis).partitions()).hasSize(1);
        // its cleanup policy was still brought in line with the catalogue
        assertThat(report.reconfigured()).containsExactly(apis);
    }

    private String retention(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.RETENTION_MS_CONFIG).value();
    }

    private Set<String> names(List<TopicSpec<?>> topics) {
        return topics.stream().map(naming::name).collect(Collectors.toSet());
    }

    private List<ConfigResource> resources(List<TopicSpec<?>> topics) {
        return topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, naming.name(t))).toList();
    }
}
