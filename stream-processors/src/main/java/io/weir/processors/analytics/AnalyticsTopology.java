package io.weir.processors.analytics;

import io.weir.processors.ProcessorSerdes;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.InvocationBatch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Derives weir.analytics.invocations from weir.invocation-batches: per partition, the figures of every
 * minute, hour and day window for each API, API × application, API × resource, API × status class,
 * gateway node and environment (see {@link InvocationFold} for lateness and repeated deliveries,
 * {@link AnalyticsProcessor} for how it stays exact across crashes and rebalances). Each record is an
 * envelope of one API's invocations as one gateway node recorded them; every invocation of it is
 * folded, in its order, as if it were a record of its own.
 *
 * <p>No repartition: weir.invocation-batches is keyed by API, so the API dimensions of an API are
 * counted in one task; the node and environment dimensions span partitions and are published as one
 * partial per source partition, which the query side adds up (every figure is a sum, every histogram
 * merges exactly). That saves re-writing every invocation through a repartition topic.
 *
 * <p>It runs as a Kafka Streams application of its own ({@link AnalyticsApplication}), so a task folds exactly
 * one partition of weir.invocation-batches; the throttling processor reads the topic in an application of
 * its own too.
 */
public final class AnalyticsTopology {

    /** Figures of every retained window of the task's partition (key: size/start/topic key). */
    public static final String WINDOWS_STORE = "analytics-windows";
    /** The fold's position, connection gauges and the fingerprints of counted invocation ids. */
    public static final String CHECKPOINT_STORE = "analytics-checkpoint";

    private final TopicNaming naming;
    private final ProcessorSerdes serdes;
    private final AnalyticsSettings settings;
    private final Function<Map<String, Object>, InputReplay> replays;

    public AnalyticsTopology(TopicNaming naming, ProcessorSerdes serdes, AnalyticsSettings settings) {
        this(naming, serdes, settings,
                config -> new KafkaInputReplay(config, serdes.of(InvocationBatch.class).deserializer()));
    }

    AnalyticsTopology(TopicNaming naming, ProcessorSerdes serdes, AnalyticsSettings settings,
                      Function<Map<String, Object>, InputReplay> replays) {
        this.naming = naming;
        this.serdes = serdes;
        this.settings = settings;
        this.replays = replays;
    }

    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.INVOCATION_BATCHES);
    }

    public void build(StreamsBuilder builder) {
        String input = naming.name(Topics.INVOCATION_BATCHES);
        builder.stream(input, Consumed.with(Serdes.String(), serdes.of(InvocationBatch.class))
                        .withName("invocations-for-analytics"))
                .process(new FoldSupplier(input), Named.as("analytics-fold"))
                .to(naming.name(Topics.ANALYTICS_INVOCATIONS),
                        Produced.with(Serdes.String(), serdes.of(InvocationAggregate.class)).withName("analytics-out"));
    }

    private final class FoldSupplier implements ProcessorSupplier<String, InvocationBatch, String, InvocationAggregate> {

        private final String input;

        FoldSupplier(String input) {
            this.input = input;
        }

        @Override
        public Processor<String, InvocationBatch, String, InvocationAggregate> get() {
            return new AnalyticsProcessor(settings, input, replays);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS_STORE), Serdes.String(),
                            serdes.of(InvocationAggregate.class)).withCachingDisabled(),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHECKPOINT_STORE), Serdes.String(),
                            Serdes.ByteArray()).withCachingDisabled());
        }
    }
}
