package io.weir.processors.aggregate;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import org.apache.avro.specific.SpecificRecord;

/**
 * One aggregate type as two pure functions (STYLE.md "decide / evolve"): {@link #decide} turns the
 * current state and a command into events or a rejection; {@link #evolve} is the only way state
 * changes, one event at a time. The command processor and the management projections both fold
 * events with {@link #evolve}, so the view a user reads is exactly the state commands are decided on.
 *
 * <p>Generic checks happen before {@code decide} is called and are not repeated here: idempotency
 * (command id), optimistic concurrency ({@code expectedVersion}), organization scoping (a command
 * for another organization's aggregate is NOT_FOUND) and uniqueness reservations.
 *
 * @param <S> the state record, which is also the management view record ({@code io.weir.schema.view})
 */
public interface Aggregate<S extends SpecificRecord> {

    AggregateType type();

    /** The state record class, for serdes and stores. */
    Class<S> stateType();

    /**
     * @param state   current state, or null when no event exists for this aggregate id yet
     * @param command the command; its payload is one of this aggregate's command records
     * @return the event payloads to append (in order), or a rejection with a stable reason code
     */
    Decision decide(S state, CommandEnvelope command, DecisionContext context);

    /**
     * @param state null before the first event
     * @param event one event of this aggregate, with its envelope (version, time, organization)
     * @return the next state; never null (a deleted aggregate keeps a state marked deleted)
     */
    S evolve(S state, EventEnvelope event);

    /** True when the state marks a deleted/removed aggregate: the projection writes a tombstone for it. */
    boolean isDeleted(S state);
}
