package io.weir.processors.command;

import io.weir.processors.aggregate.Aggregate;
import io.weir.processors.aggregate.Aggregates;
import io.weir.processors.aggregate.Decision;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.CommandReservation;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.command.ReservationAction;
import io.weir.schema.event.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of every aggregate (keyed by aggregate id): for each command it runs the generic
 * checks (idempotency by command id, organization scoping, expected version), lets the aggregate
 * decide, evolves the stored state with the new events and forwards the events, the result and any
 * reservation follow-up. Under exactly_once_v2 the store updates and all outputs commit atomically
 * with the consumed command, so a command is decided once, whatever crashes.
 */
final class AggregateCommandProcessor implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String PROCESSED_COMMANDS = "processed-commands";
    /** How long a command id is remembered for idempotency: the retention of weir.commands. */
    static final Duration REMEMBER_COMMANDS = Duration.ofDays(7);

    private final int maxRevisions;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CommandResult> processed;
    private StoreDecisionContext decisionContext;

    AggregateCommandProcessor(int maxRevisions) {
        this.maxRevisions = maxRevisions;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.processed = context.getStateStore(PROCESSED_COMMANDS);
        this.decisionContext = new StoreDecisionContext(context, maxRevisions);
        context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, this::forgetOldCommands);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        if (command == null) {
            return;
        }
        CommandResult earlier = processed.get(command.getCommandId());
        if (earlier != null) {
            // a retry: answer again with the first result, append nothing
            context.forward(record.withKey(command.getCommandId()).withValue(earlier));
            return;
        }
        Optional<Aggregate<SpecificRecord>> aggregate = Aggregates.forCommand(command.getPayload());
        if (aggregate.isEmpty() || aggregate.get().type() != command.getAggregateType()) {
            finish(record, command, CommandResults.rejected(command, record.timestamp(), RejectionReason.INVALID_COMMAND,
                    "aggregateType " + command.getAggregateType() + " does not take "
                            + command.getPayload().getClass().getSimpleName(), "/aggregateType", null), false);
            return;
        }
        decide(record, command, aggregate.get());
    }

    private void decide(Record<String, CommandEnvelope> record, CommandEnvelope command, Aggregate<SpecificRecord> aggregate) {
        KeyValueStore<String, SpecificRecord> states = context.getStateStore(AggregateStates.storeName(aggregate.type()));
        SpecificRecord state = states.get(command.getAggregateId());
        if (state != null && !AggregateStates.organization(state).equals(command.getOrganization())) {
            // another organization's aggregate does not exist for this caller
            finish(record, command, CommandResults.rejected(command, record.timestamp(), RejectionReason.NOT_FOUND,
                    "no " + aggregate.type() + " " + command.getAggregateId(), "/aggregateId", null), false);
            return;
        }
        long version = AggregateStates.version(state);
        Long expected = command.getExpectedVersion();
        if (expected != null && expected != version) {
            finish(record, command, CommandResults.rejected(command, record.timestamp(), RejectionReason.VERSION_CONFLICT,
                    "expected version " + expected + " but the " + aggregate.type() + " is at version " + version,
                    "/expectedVersion", version), false);
            return;
        }
        Decision decision = aggregate.decide(state, command, decisionContext.at(record.timestamp()));
        if (decision instanceof Decision.Rejected rejected) {
            finish(record, command, CommandResults.rejected(command, record.timestamp(), rejected.reason(),
                    rejected.message(), rejected.field(), version), false);
            return;
        }
        List<String> eventIds = new ArrayList<>();
        for (Object payload : ((Decision.Accepted) decision).events()) {
            EventEnvelope event = envelope(command, payload, ++version, record.timestamp());
            state = aggregate.evolve(state, event);
            eventIds.add(event.getEventId());
            context.forward(record.withKey(command.getAggregateId()).withValue(event));
            Uniqueness.releasedBy(event).ifPresent(key -> context.forward(record.withKey(key)
                    .withValue(reservation(ReservationAction.RELEASE_OWNED, key, command))));
        }
        states.put(command.getAggregateId(), state);
        finish(record, command, CommandResults.accepted(command, record.timestamp(), version, eventIds), true);
    }

    private void finish(Record<String, CommandEnvelope> record, CommandEnvelope command, CommandResult result,
                        boolean accepted) {
        processed.put(command.getCommandId(), result);
        context.forward(record.withKey(command.getCommandId()).withValue(result));
        Uniqueness.keyOf(command).ifPresent(key -> context.forward(record.withKey(key).withValue(
                reservation(accepted ? ReservationAction.CONFIRM : ReservationAction.RELEASE, key, command))));
    }

    private static CommandReservation reservation(ReservationAction action, String key, CommandEnvelope command) {
        return new CommandReservation(action, key, command.getAggregateId(), command.getCommandId(), null);
    }

    private static EventEnvelope envelope(CommandEnvelope command, Object payload, long version, long timestamp) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAggregateType(command.getAggregateType())
                .setAggregateId(command.getAggregateId())
                .setAggregateVersion(version)
                .setOccurredAt(Instant.ofEpochMilli(timestamp))
                .setActor(command.getActor())
                .setOrganization(command.getOrganization())
                .setCausationId(command.getCommandId())
                .setCorrelationId(command.getCorrelationId())
                .setPayload(payload)
                .build();
    }

    private void forgetOldCommands(long now) {
        Instant horizon = Instant.ofEpochMilli(now).minus(REMEMBER_COMMANDS);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, CommandResult> all = processed.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getDecidedAt().isBefore(horizon)) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(processed::delete);
    }
}
