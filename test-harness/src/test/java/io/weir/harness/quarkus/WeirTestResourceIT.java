package io.weir.harness.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.SharedComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The resource's contract without a Quarkus app: the config it returns and the customizer hook. */
class WeirTestResourceIT {

    @Test
    void pointsQuarkusAtTheSharedComponentsAndRunsCustomizers() throws Exception {
        WeirTestResource resource = new WeirTestResource();
        resource.init(Map.of(WeirTestResource.REGISTRY, "true"));

        Map<String, String> config = resource.start();
        Path stateDir = Path.of(config.get("kafka-streams.state.dir"));
        try {
            String bootstrap = SharedComponents.kafka().bootstrapServers();
            String registryUrl = SharedComponents.registry().url();
            assertThat(config)
                    .containsEntry("kafka.bootstrap.servers", bootstrap)
                    .containsEntry("quarkus.kafka-streams.bootstrap-servers", bootstrap)
                    .containsEntry("apicurio.registry.url", registryUrl)
                    .containsEntry("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registryUrl)
                    .containsEntry("quarkus.devservices.enabled", "false")
                    .containsEntry("quarkus.kafka.devservices.enabled", "false")
                    .containsEntry("quarkus.apicurio-registry.devservices.enabled", "false")
                    .containsEntry(TopicCreatingCustomizer.MARKER_KEY, "applied")
                    .doesNotContainKey("weir.harness.postgres.jdbc-url");
            assertThat(stateDir).isDirectory();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Set<String> topics = admin.listTopics().names().get();
                assertThat(topics).contains(TopicCreatingCustomizer.TOPIC);
            }
        } finally {
            resource.stop();
        }
        // the app Quarkus stops after the resources may still write its state: the dir goes at JVM exit
        assertThat(stateDir).as("Streams state dir kept until the app is gone").isDirectory();
        assertThat(StreamsStateDirs.pending()).contains(stateDir);
        StreamsStateDirs.deleteAll(); // what the JVM's shutdown hook does
        assertThat(Files.exists(stateDir)).as("Streams state dir removed at exit").isFalse();
        assertThat(StreamsStateDirs.pending()).doesNotContain(stateDir);
    }

    @Test
    void givesEveryStartAFreshStreamsStateDir() {
        WeirTestResource first = new WeirTestResource();
        first.init(Map.of());
        WeirTestResource second = new WeirTestResource();
        second.init(Map.of());
        try {
            assertThat(first.start().get("kafka-streams.state.dir"))
                    .isNotEqualTo(second.start().get("kafka-streams.state.dir"));
        } finally {
            first.stop();
            second.stop();
        }
    }
}
