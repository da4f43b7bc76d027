package io.weir.schema.bootstrap;

import io.weir.schema.catalogue.TopicBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.registry.SchemaRegistration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Makes a Kafka cluster and a registry ready for Weir: every catalogue topic created (or brought
 * back to the catalogue's configs) and every value schema registered under BACKWARD compatibility.
 * Idempotent; used by {@code ./weir up}, by test resources, and by an operator's bootstrap job.
 */
public final class PlatformBootstrap {

    private PlatformBootstrap() {
    }

    /** What was done. */
    public record Outcome(TopicBootstrap.Report topics, List<SchemaRegistration.Registered> schemas) {
    }

    public static Outcome run(String bootstrapServers, String registryUrl, TopicNaming naming, short replicationFactor) {
        TopicBootstrap.Report topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            topics = new TopicBootstrap(admin, naming, replicationFactor).ensure(Topics.ALL);
        }
        List<SchemaRegistration.Registered> schemas = registryUrl == null
                ? List.of()
                : new SchemaRegistration(registryUrl).registerAll(naming, Topics.ALL);
        return new Outcome(topics, schemas);
    }
}
