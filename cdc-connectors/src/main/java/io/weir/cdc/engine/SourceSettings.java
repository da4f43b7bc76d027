package io.weir.cdc.engine;

import io.weir.cdc.config.CdcConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one source needs to run, independent of Quarkus: its name, connector class and
 * Debezium properties (the passthrough), and the platform settings shared by all sources.
 */
public record SourceSettings(
        String name,
        String connectorClass,
        Map<String, String> properties,
        String bootstrapServers,
        String offsetTopic,
        short offsetTopicReplicationFactor,
        Duration offsetFlushInterval,
        Duration retryInitialDelay,
        Duration retryMaxDelay) {

    /** Source names become topic name parts and replication slot names. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,40}");

    public SourceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connectorClass, "connectorClass");
        properties = Map.copyOf(properties);
    }

    public static SourceSettings of(String name, CdcConfig.Source source, CdcConfig config, String bootstrapServers) {
        return new SourceSettings(name, source.connectorClass(), source.properties(), bootstrapServers,
                config.offsetTopic(), config.offsetTopicReplicationFactor(), config.offsetFlushInterval(),
                config.retryInitialDelay(), config.retryMaxDelay());
    }

    public SourceSettings withProperties(Map<String, String> replaced) {
        return new SourceSettings(name, connectorClass, replaced, bootstrapServers, offsetTopic,
                offsetTopicReplicationFactor, offsetFlushInterval, retryInitialDelay, retryMaxDelay);
    }

    public boolean isPostgres() {
        return connectorClass.equals(EngineProperties.POSTGRES_CONNECTOR);
    }
}
