package io.weir.controlplane.bootstrap;

import io.weir.controlplane.security.PasswordHasher;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.organization.Role;
import io.weir.schema.view.UserView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends the seed commands and hands out the admin password. Every command has a deterministic id,
 * so a rerun after a crash, or a second instance seeding at the same moment, gets the first
 * result instead of a duplicate; ALREADY_EXISTS means the thing is there already.
 *
 * <p>Two instances generate different passwords but only the first RegisterUser counts, and both get
 * its (accepted) result. So the credentials file is written only by the instance whose password
 * the users view then shows for the admin.
 */
final class Seeding {

    /** What seeding ended with. */
    enum Outcome {
        /** The admin is ours: the credentials file has its password. */
        ADMIN_CREATED,
        /** The admin was registered by another instance (or before): no credentials written here. */
        ADMIN_CREATED_ELSEWHERE
    }

    /** Finds a user once the users view has reached a version (bounded wait). */
    interface UserLookup {
        Optional<UserView> await(String username, long version);
    }

    /** A seed command the command processor refused for a reason other than ALREADY_EXISTS. */
    static final class SeedRejected extends RuntimeException {
        SeedRejected(String what, CommandRejected rejected) {
            super("bootstrap command " + what + " was rejected: " + rejected.getReason() + " " + rejected.getMessage());
        }
    }

    private static final String ACTOR = "weir-bootstrap";

    private final Function<CommandEnvelope, CommandResult> bus;
    private final UserLookup users;
    private final PasswordHasher hasher;
    private final Supplier<String> passwords;
    private final Path credentialsFile;
    private final String gatewayUrl;
    private final Clock clock;

    Seeding(Function<CommandEnvelope, CommandResult> bus, UserLookup users, PasswordHasher hasher,
            Supplier<String> passwords, Path credentialsFile, String gatewayUrl, Clock clock) {
        this.bus = bus;
        this.users = users;
        this.hasher = hasher;
        this.passwords = passwords;
        this.credentialsFile = credentialsFile;
        this.gatewayUrl = gatewayUrl;
        this.clock = clock;
    }

    Outcome seed() {
        SeedCommands.platform(gatewayUrl).forEach(this::sendTolerant);
        String password = passwords.get();
        Optional<CommandAccepted> registered = sendTolerant(SeedCommands.registerAdmin(hasher.hash(password)));
        boolean ours = registered.flatMap(accepted -> users.await(SeedCommands.ADMIN, accepted.getAggregateVersion()))
                .map(admin -> hasher.verify(password, admin.getPasswordHash()))
                .orElse(false);
        if (ours) {
            AdminCredentials.write(credentialsFile, SeedCommands.ADMIN, password);
        }
        grantAdmin();
        return ours ? Outcome.ADMIN_CREATED : Outcome.ADMIN_CREATED_ELSEWHERE;
    }

    /** A refused grant is fine when the admin holds the role already (granted by another instance or by hand). */
    private void grantAdmin() {
        SeedCommands.Step grant = SeedCommands.grantAdmin();
        CommandResult result = send(grant);
        if (result.getOutcome() instanceof CommandRejected rejected && rejected.getReason() != RejectionReason.ALREADY_EXISTS
                && users.await(SeedCommands.ADMIN, 0).filter(admin -> admin.getRoles().contains(Role.ADMIN)).isEmpty()) {
            throw new SeedRejected(grant.what(), rejected);
        }
    }

    /** The acceptance, empty when the thing already existed; any other rejection fails the seed. */
    private Optional<CommandAccepted> sendTolerant(SeedCommands.Step step) {
        CommandResult result = send(step);
        if (result.getOutcome() instanceof CommandRejected rejected) {
            if (rejected.getReason() == RejectionReason.ALREADY_EXISTS) {
                return Optional.empty();
            }
            throw new SeedRejected(step.what(), rejected);
        }
        return Optional.of((CommandAccepted) result.getOutcome());
    }

    private CommandResult send(SeedCommands.Step step) {
        return bus.apply(CommandEnvelope.newBuilder()
                .setCommandId(step.commandId())
                .setAggregateType(step.type())
                .setAggregateId(step.aggregateId())
                .setExpectedVersion(null)
                .setIssuedAt(clock.instant())
                .setActor(ACTOR)
                .setOrganization(SeedCommands.ORGANIZATION)
                .setCorrelationId(UUID.nameUUIDFromBytes(ACTOR.getBytes(StandardCharsets.UTF_8)).toString())
                .setPayload(step.payload())
                .build());
    }
}
