package io.weir.dataplane.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The node's default number of Vert.x event loops: two per core, Vert.x's own default, where Quarkus would
 * give it {@code max(2, min(heap MB / 10, cores))} — one per core on a node with a heap of 20 MB or more per
 * core, two on this project's 2-core machines. On two shared cores, with two loops each of them always had
 * work and lost its core only by being preempted (0.3 times per call); with four the gateway served
 * 0.65–0.77× of the nginx proxy against 0.54–0.58× in four alternating pairs (docs/gateway.md, "Event
 * loops: two per core instead of one"). {@code quarkus.vertx.event-loops-pool-size} set anywhere (system
 * property, environment, application.properties) still wins: this source's ordinal is below them all.
 */
public class EventLoopsDefault implements ConfigSource {

    static final String PROPERTY = "quarkus.vertx.event-loops-pool-size";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, loops());
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? loops() : null;
    }

    @Override
    public String getName() {
        return "weir-event-loops-default";
    }

    /** Below application.properties (250), the environment (300) and system properties (400). */
    @Override
    public int getOrdinal() {
        return 200;
    }

    static String loops() {
        return Integer.toString(2 * Runtime.getRuntime().availableProcessors());
    }
}
