package io.weir.cdc.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CDC connectors' configuration. Sources are configuration: each {@code weir.cdc.sources.<name>}
 * runs one Debezium embedded engine (any connector class) with its own replication slot; the
 * {@code properties} are passed to Debezium as they are, over the defaults of {@code EngineProperties}.
 *
 * <pre>
 * weir.cdc.sources.shop.connector-class=io.debezium.connector.postgresql.PostgresConnector
 * weir.cdc.sources.shop.properties.database.hostname=127.0.0.1
 * weir.cdc.sources.shop.properties.table.include.list=public.orders
 * </pre>
 */
@ConfigMapping(prefix = "weir.cdc")
public interface CdcConfig {

    /** Prefix of Weir's topics: the captured tables go to {@code <prefix>cdc.<source>.<schema>.<table>}. */
    @WithDefault("weir.")
    String topicPrefix();

    /** Organization whose Service Catalog the captured tables are registered in. */
    @WithDefault("default")
    String organization();

    /** Register each captured table in the Service Catalog (a command on weir.commands) and keep it up to date. */
    @WithDefault("true")
    boolean registerInCatalog();

    /** Kafka address the generated AsyncAPI documents name as their server; default the bootstrap servers. */
    Optional<String> catalogKafkaServer();

    /** Compacted topic holding every source's Debezium offsets (Kafka Connect's JSON, not Avro); created on first use. */
    @WithDefault("weir.cdc-connectors.offsets")
    String offsetTopic();

    /** Replication factor of the offset topic when it is created (1 for a single broker). */
    @WithDefault("1")
    short offsetTopicReplicationFactor();

    /** How often a running source commits its offsets: at most this much is sent again after a crash. */
    @WithDefault("1s")
    Duration offsetFlushInterval();

    /** First delay before a failed source is started again; doubles on each failure. */
    @WithDefault("1s")
    Duration retryInitialDelay();

    /** Longest delay between two starts of a failing source. */
    @WithDefault("60s")
    Duration retryMaxDelay();

    /** The sources, by name (the name is part of the topic names and the replication slot). */
    Map<String, Source> sources();

    /** One CDC source: a database captured by one Debezium engine. */
    interface Source {

        /** A disabled source is not started (its offsets and slot are kept). */
        @WithDefault("true")
        boolean enabled();

        /** Debezium connector class; PostgreSQL with pgoutput is the tested one. */
        @WithDefault("io.debezium.connector.postgresql.PostgresConnector")
        String connectorClass();

        /** Debezium properties as they are ({@code database.hostname}, {@code table.include.list}, ...), over the defaults. */
        Map<String, String> properties();
    }
}
