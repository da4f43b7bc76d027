package io.weir.controlplane.bootstrap;

import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.Role;
import io.weir.schema.view.UserView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Just enough of the command processor for seeding: a repeated command id gets its first result,
 * creating what exists is ALREADY_EXISTS, a second grant of a role is INVALID_COMMAND; users land in
 * a users "view".
 */
final class FakeCommandProcessor implements Function<CommandEnvelope, CommandResult> {

    final List<CommandEnvelope> received = new ArrayList<>();
    final Map<String, UserView> users = new HashMap<>();
    private final Map<String, CommandResult> results = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, RejectionReason> refuse = new HashMap<>();

    /** Rejects every command on {@code aggregateId} with {@code reason}. */
    void refuse(String aggregateId, RejectionReason reason) {
        refuse.put(aggregateId, reason);
    }

    @Override
    public synchronized CommandResult apply(CommandEnvelope command) {
        received.add(command);
        return results.computeIfAbsent(command.getCommandId(), id -> decide(command));
    }

    Optional<UserView> user(String username, long atLeastVersion) {
        return Optional.ofNullable(users.get(username)).filter(u -> u.getVersion() >= atLeastVersion);
    }

    private CommandResult decide(CommandEnvelope command) {
        String key = command.getAggregateType() + "/" + command.getAggregateId();
        Object payload = command.getPayload();
        if (refuse.containsKey(command.getAggregateId())) {
            return rejected(command, refuse.get(command.getAggregateId()));
        }
        long version = versions.getOrDefault(key, 0L);
        if (payload instanceof GrantRole grant) {
            UserView user = users.get(grant.getUsername());
            if (user.getRoles().contains(grant.getRole())) {
                return rejected(command, RejectionReason.INVALID_COMMAND);
            }
            List<Role> roles = new ArrayList<>(user.getRoles());
            roles.add(grant.getRole());
            users.put(user.getUsername(), UserView.newBuilder(user).setRoles(roles).setVersion(version + 1).build());
        } else if (version > 0) {
            return rejected(command, RejectionReason.ALREADY_EXISTS);
        } else if (payload instanceof RegisterUser register) {
            users.put(register.getUsername(), UserView.newBuilder()
                    .setUsername(register.getUsername()).setOrganization(command.getOrganization()).setVersion(1)
                    .setDisplayName(register.getDisplayName()).setPasswordHash(register.getPasswordHash())
                    .setRoles(new ArrayList<>()).setUpdatedAt(Instant.EPOCH).build());
        }
        versions.put(key, version + 1);
        return result(command, new CommandAccepted(version + 1, List.of("event-" + key + "-" + (version + 1))));
    }

    private static CommandResult rejected(CommandEnvelope command, RejectionReason reason) {
        return result(command, new CommandRejected(reason, reason.name(), null, null));
    }

    private static CommandResult result(CommandEnvelope command, Object outcome) {
        return CommandResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setAggregateType(command.getAggregateType())
                .setAggregateId(command.getAggregateId())
                .setCorrelationId(command.getCorrelationId())
                .setDecidedAt(Instant.EPOCH)
                .setOutcome(outcome)
                .build();
    }
}
