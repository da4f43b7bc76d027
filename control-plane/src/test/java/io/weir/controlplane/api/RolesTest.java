package io.weir.controlplane.api;

import static io.weir.controlplane.api.Fakes.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.organization.Role;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void aCallerWithTheRolePasses() {
        Caller publisher = caller("pat", "acme", Role.PUBLISHER);
        assertThat(Roles.require(publisher, Role.PUBLISHER)).isSameAs(publisher);
    }

    @Test
    void anAdminHoldsEveryRole() {
        Caller admin = caller("ada", "acme", Role.ADMIN);
        assertThatNoException().isThrownBy(() -> {
            Roles.require(admin, Role.PUBLISHER);
            Roles.require(admin, Role.SUBSCRIBER);
            Roles.requireAny(admin);
        });
    }

    @Test
    void aSubscriberMayNotPublish() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> Roles.require(caller("sam", "acme", Role.SUBSCRIBER), Role.PUBLISHER));
        assertThat(e.problem().status()).isEqualTo(403);
        assertThat(e.problem().detail()).contains("PUBLISHER");
    }

    @Test
    void anyOfSeveralRolesWillDo() {
        assertThatNoException().isThrownBy(
                () -> Roles.require(caller("sam", "acme", Role.SUBSCRIBER), Role.PUBLISHER, Role.SUBSCRIBER));
    }

    @Test
    void readsNeedSomeRole() {
        assertThatNoException().isThrownBy(() -> Roles.requireAny(caller("sam", "acme", Role.SUBSCRIBER)));
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> Roles.requireAny(caller("nobody", "acme")));
        assertThat(e.problem().status()).isEqualTo(403);
    }
}
