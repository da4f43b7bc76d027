package io.weir.cdc.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Debezium properties of one source: the proven defaults (see STACK.md), then the source's own
 * properties over them. Offsets go to a Kafka topic; one replication slot and one publication per
 * source, named after it, so that two sources never share a slot.
 */
public final class EngineProperties {

    public static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

    private EngineProperties() {
    }

    public static Properties of(SourceSettings source) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", source.name());
        p.put("connector.class", source.connectorClass());
        p.put("topic.prefix", source.name());
        p.put("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.put("offset.storage.topic", source.offsetTopic());
        p.put("offset.storage.partitions", "1");
        p.put("offset.storage.replication.factor", String.valueOf(source.offsetTopicReplicationFactor()));
        p.put("bootstrap.servers", source.bootstrapServers());
        p.put("offset.flush.interval.ms", String.valueOf(source.offsetFlushInterval().toMillis()));
        p.put("snapshot.mode", "initial");
        // 500 ms (the default) is the latency floor; 20 ms gives p50 ~20 ms, p90 ~45 ms
        p.put("poll.interval.ms", "20");
        p.put("decimal.handling.mode", "string");
        p.put("tombstones.on.delete", "false");
        // a failure ends the engine instead of being retried silently inside it: the source then
        // reports it in readiness and SourceEngine starts it again with backoff
        p.put("errors.max.retries", "0");
        if (source.isPostgres()) {
            p.put("plugin.name", "pgoutput");
            p.put("slot.name", "weir_" + source.name());
            p.put("publication.name", "weir_" + source.name());
            p.put("publication.autocreate.mode", "filtered");
        }
        p.putAll(source.properties());
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
