package io.weir.controlplane.api;

import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.organization.Role;
import java.util.Arrays;

/**
 * The management role rules, checked before any lookup (so a refusal never depends on whether an
 * id exists): writes need the feature's role, reads any role; {@link Caller#has} lets ADMIN do all.
 */
public final class Roles {

    private Roles() {
    }

    /** Passes when the caller holds at least one of {@code anyOf} (or is admin); 403 otherwise. */
    public static Caller require(Caller caller, Role... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(caller::has)) {
            throw ProblemException.forbidden("this needs the role " + (anyOf.length == 1 ? anyOf[0]
                    : "one of " + Arrays.toString(anyOf)) + "; " + caller.username() + " holds " + caller.roles());
        }
        return caller;
    }

    /** Reads: any management role will do. */
    public static Caller requireAny(Caller caller) {
        return require(caller, Role.ADMIN, Role.PUBLISHER, Role.SUBSCRIBER);
    }
}
