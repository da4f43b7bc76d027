package io.weir.controlplane.security;

import io.weir.controlplane.problem.Problem;
import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.organization.Role;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, set by {@link BearerAuthFilter} before any resource runs.
 * How a resource uses it:
 *
 * <pre>{@code
 * @Path("/api/v1/apis")
 * public class ApisResource {
 *     @Inject CallerContext caller;            // or constructor injection
 *
 *     @POST
 *     public Response create(ApiDraft draft) {
 *         Caller who = caller.require(Role.PUBLISHER);   // 403 problem unless PUBLISHER or ADMIN
 *         writes.execute(who, AggregateType.API, id, command, null, idempotencyKey);
 *         ...
 *     }
 *
 *     @GET
 *     public List<ApiSummary> list() {
 *         String org = caller.current().organization();  // any authenticated caller
 *         ...
 *     }
 * }
 * }</pre>
 *
 * It is a CDI request-scoped bean (injected as a proxy, so it is safe in singleton resources).
 */
@RequestScoped
public class CallerContext {

    private Caller caller;

    /**
     * @throws ProblemException 401 when the request carried no verified token (only possible outside
     *                          the paths {@link BearerAuthFilter} guards)
     */
    public Caller current() {
        if (caller == null) {
            throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", "a bearer token is required"));
        }
        return caller;
    }

    /** The caller, if they hold {@code role} (ADMIN holds every role); a 403 problem otherwise. */
    public Caller require(Role role) {
        return current().require(role);
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
