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
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.KeyType;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API keys of an application. The server generates the key; the command carries only its hash and
 * prefix, and the answer to the POST is the one time the key itself is ever shown.
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
public class ApiKeysResource {

    private final AggregateWrites<ApplicationView> writes;
    private final ViewReader<ApplicationView> applications;
    private final CallerProvider callers;

    public ApiKeysResource(Commands commands, ViewReader<ApplicationView> applications, CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.APPLICATION, applications);
        this.applications = applications;
        this.callers = callers;
    }

    /** Body (all optional): {@code {"keyType":"PRODUCTION","environment":"production","expiresAt":"..."}}. */
    @POST
    @Path("{id}/api-keys")
    @Operation(summary = "Issue an API key; the key is shown in this answer only")
    @APIResponse(responseCode = "201", description = "The key, shown once")
    public Response issue(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                          @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        Secrets.Issued key = Secrets.issue();
        IssueApiKey issue = command(body, Ids.newId("api-key", idempotencyKey), key);
        Written written = writes.execute(caller, id, () -> issue, ifMatch, idempotencyKey);
        Secrets.requireRecorded(writes.viewAfter(written).flatMap(application -> find(application, issue.getKeyId()))
                .map(ApiKeyView::getSecretHash).orElse(null), key);
        ObjectNode shown = JsonNodeFactory.instance.objectNode()
                .put("keyId", issue.getKeyId()).put("apiKey", key.secret()).put("prefix", key.prefix())
                .put("keyType", issue.getKeyType().name()).put("environment", issue.getEnvironment());
        shown.set("expiresAt", AvroJson.toJson(issue.getExpiresAt()));
        return Replies.created(ApplicationsResource.BASE + "/" + id + "/api-keys/" + issue.getKeyId(), written, shown);
    }

    /** The keys ever issued, revoked ones marked, oldest first: prefix only, never the key or its hash. */
    @GET
    @Path("{id}/api-keys")
    @Operation(summary = "List the API keys of an application (prefixes only)")
    @APIResponse(responseCode = "200", description = "Keys oldest first")
    public Response list(@PathParam("id") String id) {
        ApplicationView application = Visibility.find(applications, id, Roles.requireAny(callers.current()), "application");
        return Replies.read(ViewJson.list(application.getApiKeys().stream()
                .sorted(Comparator.comparing(ApiKeyView::getIssuedAt).thenComparing(ApiKeyView::getKeyId)).toList()),
                application.getVersion());
    }

    @GET
    @Path("{id}/api-keys/{keyId}")
    @Operation(summary = "Read one API key (prefix only)")
    @APIResponse(responseCode = "200", description = "The key without its secret")
    public Response get(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        ApplicationView application = Visibility.find(applications, id, Roles.requireAny(callers.current()), "application");
        ApiKeyView key = find(application, keyId).orElseThrow(() -> ProblemException.notFound("API key " + keyId));
        return Replies.read(ViewJson.of(key), application.getVersion());
    }

    @DELETE
    @Path("{id}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key")
    @APIResponse(responseCode = "200", description = "the write answered with the new version as ETag")
    public Response revoke(@PathParam("id") String id, @PathParam("keyId") String keyId,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.SUBSCRIBER);
        return writes.change(caller, id, () -> new RevokeApiKey(keyId), ifMatch, idempotencyKey);
    }

    /** The body's choices plus what the server decides; a body naming a server field is a 400. */
    static IssueApiKey command(JsonNode body, String keyId, Secrets.Issued key) {
        ObjectNode json = Bodies.setIfAbsent(Bodies.object(body), "keyType", KeyType.PRODUCTION);
        Bodies.set(json, "keyId", keyId);
        Bodies.set(json, "secretHash", key.hash());
        Bodies.set(json, "prefix", key.prefix());
        return AvroJson.fromJson(json, IssueApiKey.class);
    }

    private static Optional<ApiKeyView> find(ApplicationView application, String keyId) {
        return application.getApiKeys().stream().filter(key -> key.getKeyId().equals(keyId)).findFirst();
    }
}
