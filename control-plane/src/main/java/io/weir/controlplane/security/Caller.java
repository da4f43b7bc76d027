package io.weir.controlplane.security;

import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.organization.Role;
import java.util.Set;

/**
 * Who is calling a management API, from a verified bearer token: a user acting within one
 * organization with roles. Anonymous callers never get this far (401). A resource gets it from
 * {@link CallerContext}; {@link #require} is the role check.
 */
public record Caller(String username, String organization, Set<Role> roles) {

    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /**
     * Lets the request proceed only when the caller holds {@code role} (ADMIN holds every role).
     *
     * @return this caller, for chaining
     * @throws ProblemException 403 {@code .../problems/forbidden} otherwise
     */
    public Caller require(Role role) {
        if (!has(role)) {
            throw ProblemException.forbidden("this operation needs the " + role + " role");
        }
        return this;
    }
}
