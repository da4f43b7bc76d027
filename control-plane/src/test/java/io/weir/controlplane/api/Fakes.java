package io.weir.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.organization.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/** Test doubles of the resources' ports and shortcuts to build views from JSON. */
public final class Fakes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fakes() {
    }

    public static Caller caller(String username, String organization, Role... roles) {
        return new Caller(username, organization, Set.of(roles));
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An Avro record from JSON written with single quotes. */
    public static <T extends SpecificRecord> T record(Class<T> type, String json) {
        return AvroJson.fromJson(json(json), type);
    }

    /** A command that was sent. */
    public record Sent(Caller caller, AggregateType type, String aggregateId, Object payload, Long expectedVersion,
                       String idempotencyKey) {
    }

    /** Accepts every command at {@code version}, recording it; {@code effect} may update a fake view. */
    public static final class RecordingCommands implements Commands {

        public final List<Sent> sent = new ArrayList<>();
        public long version = 1;
        public boolean visible = true;
        public Consumer<Sent> effect = sent -> { };

        @Override
        public Written execute(Caller caller, AggregateType type, String aggregateId, Object payload,
                               Long expectedVersion, String idempotencyKey) {
            Sent command = new Sent(caller, type, aggregateId, payload, expectedVersion, idempotencyKey);
            sent.add(command);
            effect.accept(command);
            return new Written("command-" + sent.size(), aggregateId, version, List.of("event-" + sent.size()), visible);
        }

        public Sent last() {
            return sent.get(sent.size() - 1);
        }
    }

    /** A view backed by a map. */
    public static final class MapView<V> implements ViewReader<V> {

        public final Map<String, V> values = new LinkedHashMap<>();

        public MapView<V> with(String id, V view) {
            values.put(id, view);
            return this;
        }

        @Override
        public Optional<V> get(String id) {
            return Optional.ofNullable(values.get(id));
        }

        @Override
        public Collection<V> all() {
            return values.values();
        }
    }

    /** Events of aggregates by id. */
    public static EventLog log(Map<String, List<EventEnvelope>> events) {
        return id -> events.getOrDefault(id, List.of());
    }
}
