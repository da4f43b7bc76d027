package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.RevokeRole;
import io.weir.schema.organization.Role;
import io.weir.schema.organization.RoleGranted;
import io.weir.schema.organization.RoleRevoked;
import io.weir.schema.organization.UserRegistered;
import io.weir.schema.view.UserView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A management user and the roles they hold in their organization; aggregate id = username.
 * A password, if the user signs in here, arrives only as a slow hash in PHC string format
 * ({@code $argon2id$v=19$m=...$salt$hash}); no message repeats it.
 */
final class UserAggregate implements Aggregate<UserView> {

    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{1,64}");
    private static final Pattern PHC = Pattern.compile("\\$[a-z0-9-]{1,32}(\\$[A-Za-z0-9+/.=,-]+)+");

    @Override
    public AggregateType type() {
        return AggregateType.USER;
    }

    @Override
    public Class<UserView> stateType() {
        return UserView.class;
    }

    @Override
    public Decision decide(UserView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        String username = command.getAggregateId();
        if (payload instanceof RegisterUser register) {
            if (state != null) {
                return Rejections.alreadyExists("user " + username + " already exists");
            }
            return firstOf(
                    () -> invalidIf(register.getUsername() == null || !USERNAME.matcher(register.getUsername()).matches()
                                    || !register.getUsername().equals(username), "/payload/username",
                            "username must match [a-zA-Z0-9._@-]{1,64} and equal the aggregate id"),
                    () -> invalidIf(isBlank(register.getDisplayName()), "/payload/displayName", "displayName must not be blank"),
                    () -> invalidIf(register.getPasswordHash() != null && !PHC.matcher(register.getPasswordHash()).matches(),
                            "/payload/passwordHash", "passwordHash must be a PHC string such as $argon2id$..."))
                    .orElseGet(() -> Decision.accept(new UserRegistered(
                            register.getUsername(), register.getDisplayName(), register.getPasswordHash())));
        }
        if (state == null) {
            return Rejections.notFound("user " + username + " does not exist");
        }
        if (payload instanceof GrantRole grant) {
            return ofRole(username, grant.getUsername(), grant.getRole())
                    .or(() -> invalidIf(state.getRoles().contains(grant.getRole()), "/payload/role",
                            username + " was already granted " + grant.getRole()))
                    .orElseGet(() -> Decision.accept(new RoleGranted(username, grant.getRole())));
        }
        if (payload instanceof RevokeRole revoke) {
            return ofRole(username, revoke.getUsername(), revoke.getRole())
                    .or(() -> state.getRoles().contains(revoke.getRole()) ? Optional.empty()
                            : Optional.of(Rejections.notFound(username + " does not hold " + revoke.getRole(), "/payload/role")))
                    .orElseGet(() -> Decision.accept(new RoleRevoked(username, revoke.getRole())));
        }
        return Rejections.notACommandFor("user", payload);
    }

    @Override
    public UserView evolve(UserView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof UserRegistered registered) {
            return UserView.newBuilder()
                    .setUsername(registered.getUsername())
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setDisplayName(registered.getDisplayName())
                    .setPasswordHash(registered.getPasswordHash())
                    .setRoles(new ArrayList<>())
                    .setUpdatedAt(event.getOccurredAt())
                    .build();
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName() + " before UserRegistered for "
                    + event.getAggregateId());
        }
        List<Role> roles = new ArrayList<>(state.getRoles());
        if (payload instanceof RoleGranted granted) {
            roles.add(granted.getRole());
        } else if (payload instanceof RoleRevoked revoked) {
            roles.remove(revoked.getRole());
        } else {
            throw new IllegalArgumentException("not a user event: " + payload.getClass().getName());
        }
        return UserView.newBuilder(state)
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt())
                .setRoles(roles)
                .build();
    }

    @Override
    public boolean isDeleted(UserView state) {
        return false;
    }

    private static Optional<Decision> ofRole(String username, String payloadUsername, Role role) {
        return firstOf(
                () -> invalidIf(!username.equals(payloadUsername), "/payload/username", "username must equal the aggregate id"),
                () -> invalidIf(role == null || role == Role.UNSPECIFIED, "/payload/role",
                        "role must be ADMIN, PUBLISHER or SUBSCRIBER"));
    }
}
