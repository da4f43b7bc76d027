package io.weir.processors.config;

import io.weir.processors.analytics.AnalyticsTopology;
import io.weir.processors.catalog.CatalogFollowersTopology;
import io.weir.processors.command.CommandProcessorTopology;
import io.weir.processors.gateway.GatewayStateProjections;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.processors.throttle.ThrottlingTopology;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.kafka-streams.topics} — the source topics Quarkus waits for before
 * starting Kafka Streams and reports in readiness — from the topic catalogue and the topologies,
 * so that no topic name is written in application.properties (STYLE.md rule 4). The prefix is
 * {@code weir.processors.topic-prefix} from a system property or environment variable.
 */
public class CatalogueTopicsConfigSource implements ConfigSource {

    static final String PROPERTY = "quarkus.kafka-streams.topics";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, topics());
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? topics() : null;
    }

    @Override
    public String getName() {
        return "weir-topic-catalogue";
    }

    /** Below application.properties (250): an operator can still list topics there explicitly. */
    @Override
    public int getOrdinal() {
        return 200;
    }

    static String topics() {
        String prefix = Optional.ofNullable(System.getProperty("weir.processors.topic-prefix"))
                .or(() -> Optional.ofNullable(System.getenv("WEIR_PROCESSORS_TOPIC_PREFIX")))
                .orElse(TopicNaming.DEFAULT_PREFIX);
        TopicNaming naming = TopicNaming.withPrefix(prefix);
        return Stream.of(CommandProcessorTopology.sourceTopics(), ManagementViewsTopology.sourceTopics(),
                        CatalogFollowersTopology.sourceTopics(), AnalyticsTopology.sourceTopics(), ThrottlingTopology.sourceTopics(),
                        GatewayStateProjections.sourceTopics())
                .flatMap(java.util.List::stream)
                .map(naming::name).distinct().collect(Collectors.joining(","));
    }
}
