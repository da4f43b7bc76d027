package io.weir.processors.command;

import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import java.time.Instant;
import java.util.List;

/** Builds the result record every command gets on weir.command-results (keyed by command id). */
final class CommandResults {

    private CommandResults() {
    }

    static CommandResult of(CommandEnvelope command, long timestamp, Object outcome) {
        return CommandResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setAggregateType(command.getAggregateType())
                .setAggregateId(command.getAggregateId())
                .setCorrelationId(command.getCorrelationId())
                .setDecidedAt(Instant.ofEpochMilli(timestamp))
                .setOutcome(outcome)
                .build();
    }

    static CommandResult accepted(CommandEnvelope command, long timestamp, long version, List<String> eventIds) {
        return of(command, timestamp, new CommandAccepted(version, eventIds));
    }

    static CommandResult rejected(CommandEnvelope command, long timestamp, RejectionReason reason, String message,
                                  String field, Long currentVersion) {
        return of(command, timestamp, new CommandRejected(reason, message, field, currentVersion));
    }
}
