package io.weir.controlplane.write;

import io.weir.controlplane.command.CommandBus;
import io.weir.controlplane.problem.Problem;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.view.Views;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.common.AggregateType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every REST write goes through here: the caller's intent becomes a command, the command processor
 * decides, and the answer comes back only once the outcome is known and — when accepted — the view
 * shows it (read-your-writes, DESIGN.md rule 4). A rejection becomes a problem with the reason code.
 */
@ApplicationScoped
public class Writes {

    private final CommandBus bus;
    private final Views views;

    Writes(CommandBus bus, Views views) {
        this.bus = bus;
        this.views = views;
    }

    /** An accepted write: the aggregate, its new version, and whether the view already shows it. */
    public record Written(String commandId, String aggregateId, long version, List<String> eventIds, boolean visible) {
    }

    /**
     * @param idempotencyKey the client's {@code Idempotency-Key} header (a UUID), reused as the command
     *                       id so that a retried request gets the first outcome; null for a fresh one
     */
    public Written execute(Caller caller, AggregateType type, String aggregateId, Object payload,
                           Long expectedVersion, String idempotencyKey) {
        CommandEnvelope command = CommandEnvelope.newBuilder()
                .setCommandId(commandId(idempotencyKey))
                .setAggregateType(type)
                .setAggregateId(aggregateId)
                .setExpectedVersion(expectedVersion)
                .setIssuedAt(Instant.now())
                .setActor(caller.username())
                .setOrganization(caller.organization())
                .setCorrelationId(UUID.randomUUID().toString())
                .setPayload(payload)
                .build();
        CommandResult result = bus.send(command);
        if (result.getOutcome() instanceof CommandRejected rejected) {
            throw new ProblemException(problemFor(rejected));
        }
        CommandAccepted accepted = (CommandAccepted) result.getOutcome();
        boolean visible = views.awaitVersion(type, aggregateId, accepted.getAggregateVersion());
        return new Written(command.getCommandId(), aggregateId, accepted.getAggregateVersion(), accepted.getEventIds(),
                visible);
    }

    static Problem problemFor(CommandRejected rejected) {
        RejectionReason reason = rejected.getReason();
        int status = switch (reason) {
            case VERSION_CONFLICT, ALREADY_EXISTS, DUPLICATE_CONTEXT, DUPLICATE_NAME -> 409;
            case NOT_FOUND, APPLICATION_NOT_FOUND -> 404;
            case NOT_PERMITTED -> 403;
            default -> 422;
        };
        String type = reason.name().toLowerCase().replace('_', '-');
        Map<String, Object> extensions = new HashMap<>();
        if (rejected.getCurrentVersion() != null) {
            extensions.put("currentVersion", rejected.getCurrentVersion());
        }
        return Problem.of(status, type, title(reason), rejected.getMessage())
                .withReason(reason.name())
                .withPointer(rejected.getField())
                .withExtensions(extensions.isEmpty() ? null : extensions);
    }

    private static String title(RejectionReason reason) {
        return switch (reason) {
            case VERSION_CONFLICT -> "The resource changed since you read it";
            case NOT_FOUND, APPLICATION_NOT_FOUND -> "Not found";
            case DUPLICATE_CONTEXT, DUPLICATE_NAME, ALREADY_EXISTS -> "Already taken";
            default -> "The command was refused";
        };
    }

    private static String commandId(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        try {
            return UUID.fromString(idempotencyKey.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key must be a UUID", null);
        }
    }
}
