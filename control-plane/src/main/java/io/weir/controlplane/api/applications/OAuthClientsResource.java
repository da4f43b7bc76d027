package io.weir.controlplane.api.applications;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.Bodies;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Ids;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.json.AvroJson;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.application.KeyType;
import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
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
 * OAuth2 clients of an application. The server chooses the client id and generates the secret;
 * the command carries only the secret's hash and prefix, and the answers to register and rotate
 * are the only times a secret is shown.
 */
@Tag(name = "Applications")
@APIResponse(responseCode = "400", description = "Invalid body, parameter or header (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such resource in the caller's organization")
@APIResponse(responseCode = "409", description = "Version conflict (If-Match) or already taken")
@APIResponse(responseCode = "422", description = "Refused by a domain rule (reason code in the problem)")
@Path(ApplicationsResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OAuthClientsResource {

    private final AggregateWrites<ApplicationView> writes;
    private final ViewReader<ApplicationView> applications;
    private final CallerProvider callers;

    public OAuthClientsResource(Commands commands, ViewReader<ApplicationView> applications, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.APPLICATION, applications);
        this.applications = applications;
        this.callers = callers;
    }

    /** Body (all optional): {@code {"grantTypes":["CLIENT_CREDENTIALS"],"redirectUris":[],"keyType":"PRODUCTION"}}. */
    @POST
    @Path("{id}/oauth-clients")
    @Operation(summary = "Register an OAuth client; the secret is shown in this answer only")
    @APIResponse(responseCode = "201", description = "Client id and secret, shown once")
    public Response register(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                             @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        Secrets.Issued secret = Secrets.issue();
        ObjectNode json = Bodies.setIfAbsent(Bodies.object(body), "keyType", KeyType.PRODUCTION);
        Bodies.setIfAbsent(json, "grantTypes", JsonNodeFactory.instance.arrayNode().add(OAuthGrantType.CLIENT_CREDENTIALS.name()));
        Bodies.set(json, "clientId", Ids.newId("oauth-client", idempotencyKey));
        Bodies.set(json, "secretHash", secret.hash());
        Bodies.set(json, "secretPrefix", secret.prefix());
        RegisterOAuthClient register = AvroJson.fromJson(json, RegisterOAuthClient.class);
        Written written = writes.execute(caller, id, () -> register, ifMatch, idempotencyKey);
        Secrets.requireRecorded(storedHash(written, register.getClientId()), secret);
        ObjectNode shown = shown(register.getClientId(), secret);
        shown.set("grantTypes", AvroJson.toJson(register.getGrantTypes()));
        shown.set("redirectUris", AvroJson.toJson(register.getRedirectUris()));
        shown.put("keyType", register.getKeyType().name());
        return Replies.created(ApplicationsResource.BASE + "/" + id + "/oauth-clients/" + register.getClientId(),
                written, shown);
    }

    /** Secret prefixes only, never a secret or its hash. */
    @GET
    @Path("{id}/oauth-clients")
    @Operation(summary = "List the OAuth clients of an application (secret prefixes only)")
    @APIResponse(responseCode = "200", description = "Clients oldest first")
    public Response list(@PathParam("id") String id) {
        ApplicationView application = Visibility.find(applications, id, Roles.requireAny(callers.current()), "application");
        return Replies.read(ViewJson.list(application.getOauthClients().stream()
                .sorted(Comparator.comparing(OAuthClientView::getRegisteredAt).thenComparing(OAuthClientView::getClientId))
                .toList()), application.getVersion());
    }

    /** Body (optional): {@code {"previousSecretGraceUntil":"..."}}; without it the old secret stops now. */
    @POST
    @Path("{id}/oauth-clients/{clientId}/rotate-secret")
    @Operation(summary = "Replace the secret of an OAuth client; the new one is shown in this answer only")
    @APIResponse(responseCode = "200", description = "The new secret, shown once")
    public Response rotate(@PathParam("id") String id, @PathParam("clientId") String clientId, JsonNode body,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        Secrets.Issued secret = Secrets.issue();
        ObjectNode json = Bodies.set(Bodies.object(body), "clientId", clientId);
        Bodies.set(json, "newSecretHash", secret.hash());
        Bodies.set(json, "newSecretPrefix", secret.prefix());
        RotateOAuthClientSecret rotate = AvroJson.fromJson(json, RotateOAuthClientSecret.class);
        Written written = writes.execute(caller, id, () -> rotate, ifMatch, idempotencyKey);
        Secrets.requireRecorded(storedHash(written, clientId), secret);
        ObjectNode shown = shown(clientId, secret);
        shown.set("previousSecretGraceUntil", AvroJson.toJson(rotate.getPreviousSecretGraceUntil()));
        return Replies.ok(written, shown);
    }

    @DELETE
    @Path("{id}/oauth-clients/{clientId}")
    @Operation(summary = "Revoke an OAuth client")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response revoke(@PathParam("id") String id, @PathParam("clientId") String clientId,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        return writes.change(caller, id, () -> new RevokeOAuthClient(clientId), ifMatch, idempotencyKey);
    }

    /** The client's secret hash in the view exactly at this write (a later rotation would differ). */
    private String storedHash(Written written, String clientId) {
        return writes.viewAfter(written).filter(application -> application.getVersion() == written.version()).flatMap(application -> application.getOauthClients().stream()
                .filter(client -> client.getClientId().equals(clientId)).findFirst())
                .map(OAuthClientView::getSecretHash).orElse(null);
    }

    private static ObjectNode shown(String clientId, Secrets.Issued secret) {
        return JsonNodeFactory.instance.objectNode()
                .put("clientId", clientId).put("clientSecret", secret.secret()).put("secretPrefix", secret.prefix());
    }
}
