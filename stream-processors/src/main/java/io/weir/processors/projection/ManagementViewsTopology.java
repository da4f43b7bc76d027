package io.weir.processors.projection;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.aggregate.Aggregate;
import io.weir.processors.aggregate.Aggregates;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Derives the management views (weir.view.*) from the event logs by folding each aggregate's events
 * with the same {@code evolve} the command processor decides on: the view of an aggregate is its
 * state after its last event. A deleted aggregate becomes a tombstone on its compacted view topic.
 *
 * <p>Everything here is a projection: run it with a fresh application id (and, for a side-by-side
 * comparison, another output prefix) and it rebuilds the same views from the logs.
 */
public final class ManagementViewsTopology {

    private final TopicNaming input;
    private final TopicNaming output;
    private final ProcessorSerdes serdes;

    /**
     * @param input  names of the event logs read
     * @param output names of the view topics written (the same naming in production; another prefix
     *               when rebuilding next to the live views)
     */
    public ManagementViewsTopology(TopicNaming input, TopicNaming output, ProcessorSerdes serdes) {
        this.input = input;
        this.output = output;
        this.serdes = serdes;
    }

    /** The event logs read: those of the aggregate types that have an aggregate (and so a view). */
    public static List<TopicSpec<?>> sourceTopics() {
        return Topics.eventLogs().stream()
                .filter(log -> aggregatesOf(log).findAny().isPresent())
                .<TopicSpec<?>>map(log -> log)
                .toList();
    }

    /**
     * @return the changes written to each view topic, for projections derived from the views in the
     *         same topology ({@link ViewChanges}), partitioned like the event log they come from
     */
    public ViewChanges build(StreamsBuilder builder) {
        ViewChanges changes = new ViewChanges();
        for (TopicSpec<EventEnvelope> log : Topics.eventLogs()) {
            List<Aggregate<SpecificRecord>> aggregates = aggregatesOf(log).toList();
            if (aggregates.isEmpty()) {
                continue;
            }
            KStream<String, EventEnvelope> events = builder.stream(input.name(log), Consumed.with(Serdes.String(),
                    serdes.of(EventEnvelope.class)).withName(log.baseName() + "-for-views"));
            aggregates.forEach(aggregate -> changes.add(aggregate.type(), project(events, aggregate), log.partitions()));
        }
        return changes;
    }

    private static Stream<Aggregate<SpecificRecord>> aggregatesOf(TopicSpec<EventEnvelope> log) {
        return Arrays.stream(AggregateType.values())
                .map(Aggregates::forType)
                .flatMap(Optional::stream)
                .filter(aggregate -> Topics.eventsOf(aggregate.type()) == log);
    }

    private <S extends SpecificRecord> KStream<String, S> project(KStream<String, EventEnvelope> events,
                                                                  Aggregate<S> aggregate) {
        AggregateType type = aggregate.type();
        String name = "view-" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
        KStream<String, S> changes = events
                .filter((id, event) -> event != null && event.getAggregateType() == type, Named.as(name + "-events"))
                .groupByKey(Grouped.<String, EventEnvelope>as(name + "-by-aggregate")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(EventEnvelope.class)))
                .aggregate(() -> null, (id, event, state) -> aggregate.evolve(state, event), Named.as(name + "-fold"),
                        Materialized.<String, S, KeyValueStore<Bytes, byte[]>>as(name)
                                .withKeySerde(Serdes.String()).withValueSerde(serdes.of(aggregate.stateType())))
                .toStream(Named.as(name + "-changes"))
                .mapValues(state -> aggregate.isDeleted(state) ? null : state, Named.as(name + "-tombstones"));
        changes.to(output.name(Topics.viewOf(type)),
                Produced.with(Serdes.String(), serdes.of(aggregate.stateType())).withName(name + "-out"));
        return changes;
    }
}
