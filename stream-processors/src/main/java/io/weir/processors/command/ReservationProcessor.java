package io.weir.processors.command;

import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandReservation;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.ReservationHolder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reservation store for unique values, partitioned by the value itself so that two commands
 * racing for the same value meet in one task, one after the other. A RESERVE either holds the value
 * and passes the command on to its aggregate (re-keyed by aggregate id), or answers the command with
 * a rejection. The aggregate step reports back: CONFIRM when the command was accepted, RELEASE when
 * it was rejected (so a refused create does not keep a name), RELEASE_OWNED when the holder is deleted.
 */
final class ReservationProcessor implements Processor<String, CommandReservation, String, SpecificRecord> {

    static final String STORE = "command-reservations-store";

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ReservationHolder> holders;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.holders = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, CommandReservation> record) {
        CommandReservation request = record.value();
        if (request == null) {
            return;
        }
        ReservationHolder holder = holders.get(record.key());
        switch (request.getAction()) {
            case RESERVE -> reserve(record, request, holder);
            case CONFIRM -> {
                if (holder != null && holder.getCommandId().equals(request.getCommandId())) {
                    holders.put(record.key(), ReservationHolder.newBuilder(holder).setConfirmed(true).build());
                }
            }
            case RELEASE -> {
                if (holder != null && holder.getCommandId().equals(request.getCommandId()) && !holder.getConfirmed()) {
                    holders.delete(record.key());
                }
            }
            case RELEASE_OWNED -> {
                if (holder != null && holder.getAggregateId().equals(request.getAggregateId())) {
                    holders.delete(record.key());
                }
            }
            default -> {
                // an action this version does not know: ignore rather than guess
            }
        }
    }

    private void reserve(Record<String, CommandReservation> record, CommandReservation request, ReservationHolder holder) {
        var command = request.getCommand();
        if (command == null) {
            return;
        }
        if (holder == null) {
            holders.put(record.key(), new ReservationHolder(request.getAggregateId(), request.getCommandId(), false));
        } else if (!holder.getAggregateId().equals(request.getAggregateId())) {
            CommandResult rejected = CommandResults.of(command, record.timestamp(), new CommandRejected(
                    Uniqueness.conflictReason(command), Uniqueness.conflictMessage(command),
                    Uniqueness.conflictField(command), null));
            context.forward(record.withKey(command.getCommandId()).withValue(rejected));
            return;
        }
        // free, or held by the same aggregate (a retry, or a create on an existing id that the
        // aggregate itself will refuse): the aggregate decides
        context.forward(record.withKey(command.getAggregateId()).withValue(command));
    }
}
