package io.weir.processors.command;

import io.weir.processors.ProcessorSerdes;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandReservation;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.ReservationAction;
import io.weir.schema.command.ReservationHolder;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The command processor: weir.commands in; events on each aggregate's log, one result per command on
 * weir.command-results, out.
 *
 * <pre>
 * commands ─┬─ needs a unique value ─► command-reservations ─► [reservations] ─┬─ rejected ─► command-results
 *           │                                    ▲                          └─ granted ─► (repartition by aggregate id) ─┐
 *           └─ others ──────────────────────────────────────────────────────────────────────────────────────────────────┴─► [aggregates] ─► events, results
 *                                                └──────────────── confirm / release ◄───────────────────────────────────────────┘
 * </pre>
 *
 * Store, processor and repartition names are part of the contract (changelog and repartition topic
 * names derive from them): renaming one loses state.
 */
public final class CommandProcessorTopology {

    private final TopicNaming naming;
    private final ProcessorSerdes serdes;
    private final int maxRevisions;

    /**
     * The global store of the API views (weir.view.apis) this topology keeps for its decisions; other
     * topologies composed with it may read it (the catalog followers do) instead of adding a second
     * source of the same topic, which Kafka Streams refuses.
     */
    public static final String API_VIEWS_STORE = StoreDecisionContext.GLOBAL_APIS;

    public CommandProcessorTopology(TopicNaming naming, ProcessorSerdes serdes, int maxRevisions) {
        this.naming = naming;
        this.serdes = serdes;
        this.maxRevisions = maxRevisions;
    }

    /** The topics this topology reads; they must exist before it starts. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.COMMANDS, Topics.COMMAND_RESERVATIONS, Topics.VIEW_APIS, Topics.VIEW_APPLICATIONS,
                Topics.VIEW_POLICIES, Topics.VIEW_ENVIRONMENTS);
    }

    public void build(StreamsBuilder builder) {
        globalViews(builder);
        KStream<String, CommandEnvelope> commands = builder.stream(naming.name(Topics.COMMANDS),
                Consumed.with(Serdes.String(), serdes.of(CommandEnvelope.class)).withName("commands"));

        Map<String, KStream<String, CommandEnvelope>> routed = commands.split(Named.as("command-"))
                .branch((key, command) -> command != null && Uniqueness.keyOf(command).isPresent(),
                        Branched.as("needs-reservation"))
                .defaultBranch(Branched.as("direct"));
        routed.get("command-needs-reservation")
                .map((key, command) -> {
                    String reservationKey = Uniqueness.keyOf(command).orElseThrow();
                    return KeyValue.pair(reservationKey, new CommandReservation(ReservationAction.RESERVE, reservationKey,
                            command.getAggregateId(), command.getCommandId(), command));
                }, Named.as("reservation-request"))
                .to(naming.name(Topics.COMMAND_RESERVATIONS),
                        Produced.with(Serdes.String(), serdes.of(CommandReservation.class)).withName("to-reservations"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReservationProcessor.STORE),
                Serdes.String(), serdes.of(ReservationHolder.class)));
        KStream<String, SpecificRecord> reserved = builder.stream(naming.name(Topics.COMMAND_RESERVATIONS),
                        Consumed.with(Serdes.String(), serdes.of(CommandReservation.class)).withName("reservations-in"))
                .process(ReservationProcessor::new, Named.as("reservations"), ReservationProcessor.STORE);
        Map<String, KStream<String, SpecificRecord>> reservationOutcome = reserved.split(Named.as("reservation-"))
                .branch((key, value) -> value instanceof CommandResult, Branched.as("rejected"))
                .defaultBranch(Branched.as("granted"));
        reservationOutcome.get("reservation-rejected").to(naming.name(Topics.COMMAND_RESULTS),
                Produced.with(Serdes.String(), serdes.any()).withName("reservation-rejections"));
        KStream<String, CommandEnvelope> granted = reservationOutcome.get("reservation-granted")
                .mapValues(value -> (CommandEnvelope) value, Named.as("granted-command"))
                .repartition(Repartitioned.<String, CommandEnvelope>as("reserved-commands")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(CommandEnvelope.class))
                        .withNumberOfPartitions(Topics.COMMANDS.partitions()));

        List<String> stores = new ArrayList<>(List.of(AggregateCommandProcessor.PROCESSED_COMMANDS));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AggregateCommandProcessor.PROCESSED_COMMANDS),
                Serdes.String(), serdes.of(CommandResult.class)));
        for (AggregateType type : AggregateType.values()) {
            if (type == AggregateType.UNSPECIFIED) {
                continue;
            }
            String store = AggregateStates.storeName(type);
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), serdes.any()));
            stores.add(store);
        }
        routed.get("command-direct").merge(granted, Named.as("all-commands"))
                .process(() -> new AggregateCommandProcessor(maxRevisions), Named.as("aggregates"),
                        stores.toArray(String[]::new))
                .to(destination(), Produced.with(Serdes.String(), serdes.any()).withName("decisions"));
    }

    /** Events go to their aggregate's log, results to command-results, follow-ups to reservations. */
    private TopicNameExtractor<String, SpecificRecord> destination() {
        return (key, value, context) -> {
            if (value instanceof EventEnvelope event) {
                return naming.name(Topics.eventsOf(event.getAggregateType()));
            }
            if (value instanceof CommandReservation) {
                return naming.name(Topics.COMMAND_RESERVATIONS);
            }
            return naming.name(Topics.COMMAND_RESULTS);
        };
    }

    private void globalViews(StreamsBuilder builder) {
        builder.globalTable(naming.name(Topics.VIEW_APIS), Consumed.with(Serdes.String(), serdes.of(Topics.VIEW_APIS.valueType())),
                Materialized.as(StoreDecisionContext.GLOBAL_APIS));
        builder.globalTable(naming.name(Topics.VIEW_APPLICATIONS),
                Consumed.with(Serdes.String(), serdes.of(Topics.VIEW_APPLICATIONS.valueType())),
                Materialized.as(StoreDecisionContext.GLOBAL_APPLICATIONS));
        builder.globalTable(naming.name(Topics.VIEW_POLICIES),
                Consumed.with(Serdes.String(), serdes.of(Topics.VIEW_POLICIES.valueType())),
                Materialized.as(StoreDecisionContext.GLOBAL_POLICIES));
        builder.globalTable(naming.name(Topics.VIEW_ENVIRONMENTS),
                Consumed.with(Serdes.String(), serdes.of(Topics.VIEW_ENVIRONMENTS.valueType())),
                Materialized.as(StoreDecisionContext.GLOBAL_ENVIRONMENTS));
    }
}
