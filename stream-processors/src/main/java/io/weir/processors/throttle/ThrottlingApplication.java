package io.weir.processors.throttle;

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
 * The throttling processor as a Kafka Streams application of its own
 * ({@code weir.processors.throttling.application-id}, by default the main one's with {@code -throttling}
 * appended; {@code commit-interval} 100 ms).
 *
 * <p>Why: it is the only part of the main application that reads a stream at the gateways' rate. In the
 * main application every fetch its consumer made when a batch of invocations arrived asked the broker for
 * all ~60 partitions of the command, event and repartition topics, and every exactly-once commit went over
 * all of its tasks; on its own its fetches name the 9 partitions it reads, and the command and projection
 * path long-polls while the control plane is quiet (measured in docs/gateway.md). It can also be reset
 * alone: its state is windows of the last minutes, rebuilt from the retained invocations.
 */
@Singleton
public class ThrottlingApplication implements CompanionTopology {

    private final ThrottlingConfig throttling;
    private final ProcessorsConfig processors;
    private final String registryUrl;

    ThrottlingApplication(ThrottlingConfig throttling, ProcessorsConfig processors,
                          @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.throttling = throttling;
        this.processors = processors;
        this.registryUrl = registryUrl;
    }

    @Override
    public String name() {
        return "throttling";
    }

    @Override
    public Optional<String> applicationId() {
        return throttling.applicationId();
    }

    @Override
    public Duration commitInterval() {
        return throttling.commitInterval();
    }

    @Override
    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        new ThrottlingTopology(TopicNaming.withPrefix(processors.topicPrefix()), ProcessorSerdes.apicurio(registryUrl),
                ThrottlingSettings.from(throttling)).build(builder);
        return builder.build();
    }
}
