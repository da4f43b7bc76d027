package io.weir.cdc.change;

import io.weir.schema.registry.SchemaRegistration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Registers the change schema of each CDC topic in Apicurio Registry (artifact {@code <topic>-value},
 * BACKWARD rule) before the first record with it is written, and tells the listener the version
 * it got: a column added to the table is a new, compatible version; an incompatible change (a
 * column's type changed) is refused by the registry and fails the source with that reason.
 */
public final class TopicSchemas {

    /** Told once per topic and schema in this process, with the registry's version of it. */
    @FunctionalInterface
    public interface Listener {
        void registered(TableId table, String topic, Schema schema, String version);
    }

    private final SchemaRegistration registry;
    private final Listener listener;
    private final Map<String, Schema> current = new ConcurrentHashMap<>();

    public TopicSchemas(SchemaRegistration registry, Listener listener) {
        this.registry = registry;
        this.listener = listener;
    }

    /** Makes sure {@code change}'s schema is registered for its topic (cheap when it already is). */
    public void ensure(CapturedChange change) {
        Schema schema = change.schema();
        if (schema.equals(current.get(change.topic()))) {
            return;
        }
        SchemaRegistration.Registered registered = registry.register(change.topic() + "-value", schema);
        listener.registered(change.table(), change.topic(), schema, registered.version());
        current.put(change.topic(), schema);
    }
}
