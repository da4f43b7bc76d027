package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.organization.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void adminHoldsEveryRole() {
        Caller admin = new Caller("admin", "default", Set.of(Role.ADMIN));

        assertThat(admin.require(Role.PUBLISHER)).isSameAs(admin);
        assertThat(admin.require(Role.SUBSCRIBER)).isSameAs(admin);
    }

    @Test
    void anyOtherMissingRoleIsA403Problem() {
        Caller subscriber = new Caller("sam", "default", Set.of(Role.SUBSCRIBER));

        assertThat(subscriber.require(Role.SUBSCRIBER)).isSameAs(subscriber);
        assertThatThrownBy(() -> subscriber.require(Role.PUBLISHER))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(403);
                    assertThat(e.problem().type()).isEqualTo("https://weir.dev/problems/forbidden");
                    assertThat(e.problem().detail()).contains("PUBLISHER");
                });
    }

    @Test
    void callerContextWithoutACallerIsA401Problem() {
        CallerContext context = new CallerContext();

        assertThatThrownBy(context::current).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(401));
        context.set(new Caller("pat", "default", Set.of(Role.PUBLISHER)));
        assertThat(context.require(Role.PUBLISHER).username()).isEqualTo("pat");
    }
}
