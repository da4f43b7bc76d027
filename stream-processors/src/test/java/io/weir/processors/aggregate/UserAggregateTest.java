package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.organization.Role.ADMIN;
import static io.weir.schema.organization.Role.PUBLISHER;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.RevokeRole;
import io.weir.schema.organization.Role;
import io.weir.schema.organization.RoleGranted;
import io.weir.schema.organization.RoleRevoked;
import io.weir.schema.organization.UserRegistered;
import io.weir.schema.view.UserView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserAggregateTest {

    private static final String ARGON2 = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    private static final UserRegistered ALICE = new UserRegistered("alice@acme", "Alice", ARGON2);

    private final AggregateScenario<UserView> user = scenario(new UserAggregate(), "alice@acme");

    @Test
    void registersAUserOnce() {
        user.when(new RegisterUser("alice@acme", "Alice", ARGON2)).thenEvents(ALICE);
        user.when(new RegisterUser("alice@acme", "Alice", null)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void aUserOfAnExternalIdentityProviderHasNoPassword() {
        user.when(new RegisterUser("alice@acme", "Alice", null)).thenEvents(new UserRegistered("alice@acme", "Alice", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hunter2", "argon2id$v=19$abc", "$$"})
    void aPasswordArrivesOnlyAsAPhcHashAndIsNotEchoed(String notAHash) {
        assertThat(user.when(new RegisterUser("alice@acme", "Alice", notAHash))
                .thenRejected(INVALID_COMMAND, "/payload/passwordHash").message())
                .doesNotContain(notAHash);
    }

    @Test
    void theUsernameIsTheIdWithinItsAlphabet() {
        user.when(new RegisterUser("bob", "Bob", null)).thenRejected(INVALID_COMMAND, "/payload/username");
        scenario(new UserAggregate(), "alice smith").when(new RegisterUser("alice smith", "Alice", null))
                .thenRejected(INVALID_COMMAND, "/payload/username");
    }

    @Test
    void grantsARoleOnce() {
        user.given(ALICE).when(new GrantRole("alice@acme", PUBLISHER)).thenEvents(new RoleGranted("alice@acme", PUBLISHER));

        assertThat(user.when(new GrantRole("alice@acme", PUBLISHER)).thenRejected(INVALID_COMMAND, "/payload/role").message())
                .contains("already granted");
        user.when(new GrantRole("alice@acme", Role.UNSPECIFIED)).thenRejected(INVALID_COMMAND, "/payload/role");
        user.when(new GrantRole("bob", ADMIN)).thenRejected(INVALID_COMMAND, "/payload/username");
    }

    @Test
    void revokesOnlyAHeldRole() {
        user.given(ALICE, new RoleGranted("alice@acme", PUBLISHER));

        user.when(new RevokeRole("alice@acme", ADMIN)).thenRejected(NOT_FOUND, "/payload/role");
        user.when(new RevokeRole("alice@acme", PUBLISHER)).thenEvents(new RoleRevoked("alice@acme", PUBLISHER));
        assertThat(user.state().getRoles()).isEmpty();
    }

    @Test
    void commandsOnAnUnknownUserAreNotFound() {
        user.when(new GrantRole("alice@acme", ADMIN)).thenRejected(NOT_FOUND);
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        user.given(ALICE, new RoleGranted("alice@acme", PUBLISHER), new RoleGranted("alice@acme", ADMIN),
                new RoleRevoked("alice@acme", PUBLISHER));

        assertThat(user.state()).isEqualTo(new UserView("alice@acme", ORGANIZATION, 4L, "Alice", ARGON2, List.of(ADMIN), at(4)));
    }
}
