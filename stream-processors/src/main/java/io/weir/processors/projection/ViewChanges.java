package io.weir.processors.projection;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.aggregate.Aggregates;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The changes of the management views inside a topology: per aggregate type, the stream of what is
 * written to its weir.view.* topic (the view after each change, or a tombstone once deleted), keyed
 * by aggregate id, with the partition count of the topic the stream is partitioned like.
 *
 * <p>Projections derived from views (the gateway state) take their input from here rather than from
 * the view topics: in the processors' one topology the command processor already reads the view
 * topics as global tables, and Kafka Streams lets a topology source a topic only once. Attached to
 * {@link ManagementViewsTopology}'s folds, they also save the hop through the view topic. Read from
 * the view topics ({@link #fromViewTopics}), the same projections run in a topology of their own,
 * as their unit tests do.
 */
public final class ViewChanges {

    private final Map<AggregateType, KStream<String, ? extends SpecificRecord>> streams = new EnumMap<>(AggregateType.class);
    private final Map<AggregateType, Integer> partitions = new EnumMap<>(AggregateType.class);

    ViewChanges() {
    }

    /** The view topics of {@code types} as sources; for a topology that does not source them otherwise. */
    public static ViewChanges fromViewTopics(StreamsBuilder builder, TopicNaming naming, ProcessorSerdes serdes,
                                             AggregateType... types) {
        ViewChanges changes = new ViewChanges();
        for (AggregateType type : types) {
            TopicSpec<?> view = Topics.viewOf(type);
            Class<? extends SpecificRecord> stateType = Aggregates.forType(type).orElseThrow().stateType();
            changes.add(type, builder.stream(naming.name(view), Consumed.with(Serdes.String(), serdes.of(stateType))
                    .withName(view.baseName() + "-changes-source")), view.partitions());
        }
        return changes;
    }

    void add(AggregateType type, KStream<String, ? extends SpecificRecord> stream, int partitionCount) {
        streams.put(type, stream);
        partitions.put(type, partitionCount);
    }

    /** The view changes of one aggregate type; {@code stateType} must be its view record. */
    @SuppressWarnings("unchecked")
    public <S extends SpecificRecord> KStream<String, S> of(AggregateType type, Class<S> stateType) {
        Class<?> actual = Aggregates.forType(type).orElseThrow().stateType();
        if (!stateType.equals(actual) || !streams.containsKey(type)) {
            throw new IllegalArgumentException("no view changes of " + type + " as " + stateType.getSimpleName());
        }
        return (KStream<String, S>) streams.get(type);
    }

    /**
     * Partitions of the topic the changes of {@code type} are partitioned like (by aggregate id, with
     * the default partitioner): a repartition topic that must be co-partitioned with them gets as many.
     */
    public int partitions(AggregateType type) {
        Integer count = partitions.get(type);
        if (count == null) {
            throw new IllegalArgumentException("no view changes of " + type);
        }
        return count;
    }
}
