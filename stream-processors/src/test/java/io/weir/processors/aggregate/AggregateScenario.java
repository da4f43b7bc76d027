package io.weir.processors.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.event.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * given(events) / when(command) / then(events | rejection) for one aggregate instance, in the
 * manner of Axon's AggregateTestFixture. Given events are folded with {@code evolve}, event n of
 * the history occurring at {@link #at(long) at(n)}; the command is decided at {@link #NOW}, after
 * the whole history. Accepted events are folded too, so {@link #state()} shows their effect.
 */
final class AggregateScenario<S extends SpecificRecord> {

    static final String ORGANIZATION = "acme";
    static final Instant START = Instant.parse("2024-05-01T09:00:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(1));

    private final Aggregate<S> aggregate;
    private final String aggregateId;
    private final FakeDecisionContext context = new FakeDecisionContext(NOW);
    private S state;
    private long version;
    private Decision decision;

    private AggregateScenario(Aggregate<S> aggregate, String aggregateId) {
        this.aggregate = aggregate;
        this.aggregateId = aggregateId;
    }

    static <S extends SpecificRecord> AggregateScenario<S> scenario(Aggregate<S> aggregate, String aggregateId) {
        return new AggregateScenario<>(aggregate, aggregateId);
    }

    /** When event number {@code version} of a history happened. */
    static Instant at(long version) {
        return START.plus(Duration.ofMinutes(version));
    }

    FakeDecisionContext context() {
        return context;
    }

    AggregateScenario<S> given(Object... events) {
        for (Object event : events) {
            apply(event);
        }
        return this;
    }

    AggregateScenario<S> when(Object command) {
        CommandEnvelope envelope = CommandEnvelope.newBuilder()
                .setCommandId("command-" + (version + 1))
                .setAggregateType(aggregate.type())
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setIssuedAt(NOW)
                .setActor("alice")
                .setOrganization(ORGANIZATION)
                .setCorrelationId("correlation-1")
                .setPayload(command)
                .build();
        decision = aggregate.decide(state, envelope, context);
        return this;
    }

    AggregateScenario<S> thenEvents(Object... expected) {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Accepted) decision).events()).containsExactly(expected);
        given(expected);
        return this;
    }

    Decision.Rejected thenRejected(RejectionReason reason) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected rejected = (Decision.Rejected) decision;
        assertThat(rejected.reason()).as("reason (message: %s)", rejected.message()).isEqualTo(reason);
        return rejected;
    }

    Decision.Rejected thenRejected(RejectionReason reason, String field) {
        Decision.Rejected rejected = thenRejected(reason);
        assertThat(rejected.field()).as("field (message: %s)", rejected.message()).isEqualTo(field);
        return rejected;
    }

    S state() {
        return state;
    }

    boolean deleted() {
        return aggregate.isDeleted(state);
    }

    private void apply(Object payload) {
        version++;
        EventEnvelope event = EventEnvelope.newBuilder()
                .setEventId("event-" + version)
                .setAggregateType(aggregate.type())
                .setAggregateId(aggregateId)
                .setAggregateVersion(version)
                .setOccurredAt(at(version))
                .setActor("alice")
                .setOrganization(ORGANIZATION)
                .setCausationId("command-" + version)
                .setCorrelationId("correlation-1")
                .setPayload(payload)
                .build();
        state = aggregate.evolve(state, event);
    }
}
