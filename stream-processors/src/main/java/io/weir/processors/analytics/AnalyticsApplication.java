package io.weir.processors.analytics;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.config.ProcessorsConfig;
import io.weir.processors.streams.CompanionTopology;
import io.weir.schema.catalogue.TopicNaming;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The analytics as a Kafka Streams application of their own ({@code weir.processors.analytics.application-id},
 * by default the main one's with {@code -analytics} appended; {@code commit-interval} 500 ms).
 *
 * <p>Why not a topology of the main application: the analytics can then be reset and rebuilt from the
 * retained invocations without touching the command processor's state, scaled with their own threads, and
 * given their own freshness; a backlog to fold shares no stream thread with commands. (It does not save
 * CPU by itself: measured in docs/gateway.md.)
 */
@Singleton
public class AnalyticsApplication implements CompanionTopology {

    private final AnalyticsConfig analytics;
    private final ProcessorsConfig processors;
    private final String registryUrl;

    AnalyticsApplication(AnalyticsConfig analytics, ProcessorsConfig processors,
                         @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.analytics = analytics;
        this.processors = processors;
        this.registryUrl = registryUrl;
    }

    @Override
    public String name() {
        return "analytics";
    }

    @Override
    public Optional<String> applicationId() {
        return analytics.applicationId();
    }

    @Override
    public Duration commitInterval() {
        return analytics.commitInterval();
    }

    @Override
    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(TopicNaming.withPrefix(processors.topicPrefix()), ProcessorSerdes.apicurio(registryUrl),
                AnalyticsSettings.from(analytics)).build(builder);
        return builder.build();
    }
}
