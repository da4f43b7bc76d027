package io.weir.processors.config;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The Kafka Streams settings of this app as Quarkus gives them to its own Streams client: every
 * {@code kafka-streams.*} property with the prefix taken off, the bootstrap servers and application id
 * of {@code quarkus.kafka-streams.*}. A second Streams client of the app (one with other timing needs)
 * starts from the same settings, so that what an operator sets (security, state dir, handlers, the
 * processing guarantee) holds for both.
 */
public final class StreamsProperties {

    static final String PASS_THROUGH_PREFIX = "kafka-streams.";
    static final String BOOTSTRAP_SERVERS = "quarkus.kafka-streams.bootstrap-servers";
    static final String APPLICATION_ID = "quarkus.kafka-streams.application-id";

    private StreamsProperties() {
    }

    /** The settings of the app's Streams client, as they are in {@code config}. */
    public static Properties of(Config config) {
        Properties properties = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PASS_THROUGH_PREFIX) && name.length() > PASS_THROUGH_PREFIX.length()) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(PASS_THROUGH_PREFIX.length()), value));
            }
        }
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue(BOOTSTRAP_SERVERS, String.class));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getValue(APPLICATION_ID, String.class));
        return properties;
    }
}
