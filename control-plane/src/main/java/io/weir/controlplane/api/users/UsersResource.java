package io.weir.controlplane.api.users;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.security.PasswordHasher;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.RevokeRole;
import io.weir.schema.organization.Role;
import io.weir.schema.view.UserView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API: the users of the caller's organization and their roles (aggregate id = username).
 * A password is hashed here and only its slow hash enters the command; no answer ever shows it.
 */
@Tag(name = "Users", description = "Admin: users of the organization and their roles")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(UsersResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String BASE = "/api/v1/users";
    static final int MIN_PASSWORD_LENGTH = 8;

    private final AggregateWrites<UserView> writes;
    private final ViewReader<UserView> users;
    private final PasswordHashing passwords;
    private final CallerProvider callers;

    public UsersResource(Commands commands, ViewReader<UserView> users, PasswordHashing passwords,
                         CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.USER, users);
        this.users = users;
        this.passwords = passwords;
        this.callers = callers;
    }

    /** Body {@code {"username":"ann","displayName":"Ann","password":"..."}}; no password = external sign-in. */
    @POST
    @Operation(summary = "Register a user; a password is stored only as a slow hash")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag")
    public Response register(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        RegisterUser register = command(body, passwords);
        return writes.create(caller, register.getUsername(), Replies.path(BASE, register.getUsername()), register,
                idempotencyKey);
    }

    @GET
    @Operation(summary = "List the users of the organization")
    @APIResponse(responseCode = "200", description = "Items by username, without password hashes")
    public JsonNode list() {
        return ViewJson.list(Visibility.list(users, Roles.requireAny(callers.current()),
                Comparator.comparing(UserView::getUsername)));
    }

    @GET
    @Path("{username}")
    @Operation(summary = "Read a user")
    @APIResponse(responseCode = "200", description = "The user, without password hash")
    public Response get(@PathParam("username") String username) {
        UserView user = Visibility.find(users, username, Roles.requireAny(callers.current()), "user");
        return Replies.read(ViewJson.of(user), user.getVersion());
    }

    /** Body {@code {"role":"PUBLISHER"}}. */
    @POST
    @Path("{username}/roles")
    @Operation(summary = "Grant a role to a user")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response grant(@PathParam("username") String username, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                          @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        return writes.change(caller, username,
                () -> AvroJson.fromJson(Bodies.set(Bodies.object(body), "username", username), GrantRole.class),
                ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{username}/roles/{role}")
    @Operation(summary = "Revoke a role from a user")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response revoke(@PathParam("username") String username, @PathParam("role") String role,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.ADMIN);
        Role revoked = Params.symbol(Role.class, role, Params.PATH + "role");
        return writes.change(caller, username, () -> new RevokeRole(username, revoked), ifMatch, idempotencyKey);
    }

    /**
     * The body with {@code password} in place of the command's {@code passwordHash} (which a client
     * may not send). The rest is validated before the deliberately slow hash is computed.
     */
    static RegisterUser command(JsonNode body, PasswordHashing passwords) {
        ObjectNode json = Bodies.object(body);
        JsonNode password = json.remove("password");
        Bodies.set(json, "passwordHash", null);
        RegisterUser register = AvroJson.fromJson(json, RegisterUser.class);
        if (password == null || password.isNull()) {
            return register;
        }
        if (!password.isTextual() || password.asText().length() < MIN_PASSWORD_LENGTH
                || password.asText().length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            throw new JsonInputException("/password", "must be a string of " + MIN_PASSWORD_LENGTH + " to "
                    + PasswordHasher.MAX_PASSWORD_LENGTH + " characters");
        }
        return RegisterUser.newBuilder(register).setPasswordHash(passwords.hash(password.asText())).build();
    }
}
