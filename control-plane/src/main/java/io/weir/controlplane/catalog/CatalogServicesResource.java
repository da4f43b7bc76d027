package io.weir.controlplane.catalog;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;
import static io.weir.controlplane.api.ETags.IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.EventLog;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.security.Caller;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.CatalogServiceView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Service Catalog (WSO2's Service Catalog): services described by an OpenAPI or AsyncAPI
 * document, reached at an endpoint or a Kafka topic. Publishers register them here; CDC sources
 * register their tables on weir.commands directly. Each write is one command on the catalog
 * service aggregate; an update is a new version of the service. Managed APIs are made from a
 * service by {@link ServiceApisResource}.
 */
@Tag(name = "Service Catalog", description = "Publisher: services that APIs can be created from")
@APIResponse(responseCode = "400", description = "Invalid body, document or parameter (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such service in the caller's organization")
@APIResponse(responseCode = "409", description = "A service of that name exists, or version conflict (If-Match)")
@APIResponse(responseCode = "422", description = "Refused by a catalog rule (reason code and pointer in the problem)")
@Path(CatalogServicesResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CatalogServicesResource {

    static final String BASE = "/api/v1/catalog/services";
    private static final Comparator<CatalogServiceView> ORDER =
            Comparator.comparing((CatalogServiceView s) -> s.getName().toLowerCase(Locale.ROOT))
                    .thenComparing(CatalogServiceView::getServiceId);

    private final AggregateWrites<CatalogServiceView> writes;
    private final ViewReader<CatalogServiceView> services;
    private final EventLog log;
    private final CallerProvider callers;

    public CatalogServicesResource(Commands commands, ViewReader<CatalogServiceView> services, EventLog log,
                                   CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.CATALOG_SERVICE, services);
        this.services = services;
        this.log = log;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Register a service: its OpenAPI or AsyncAPI document (inline JSON or YAML/JSON text) and endpoint or topic",
            description = "Body: {definition, name?, version?, description?, endpoint?, kafkaTopic?, kind?, tags?}; "
                    + "name, version and description default to the document's info, endpoint to its first server.")
    @APIResponse(responseCode = "201", description = "Registered; Location and ETag of the service")
    public Response register(JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        ServiceRequests.Registration registration = ServiceRequests.read(body, caller.username());
        String id = CatalogServiceIds.of(caller.organization(), registration.name());
        return writes.create(caller, id, Replies.path(BASE, id),
                new RegisterCatalogService(registration.name(), registration.spec()), idempotencyKey);
    }

    @GET
    @Operation(summary = "List and search the catalog of the organization")
    @APIResponse(responseCode = "200", description = "Items sorted by name")
    public JsonNode list(
            @Parameter(description = "part of the name, case-insensitive") @QueryParam("name") String name,
            @Parameter(description = "REST, ASYNC or CDC_STREAM") @QueryParam("kind") String kind,
            @Parameter(description = "a tag the service carries; repeat for several (all must match)") @QueryParam("tag") List<String> tags) {
        Caller caller = Roles.requireAny(callers.current());
        CatalogServiceKind wanted = kind == null || kind.isBlank() ? null
                : Params.symbol(CatalogServiceKind.class, kind, Params.QUERY + "kind");
        String part = name == null ? null : name.toLowerCase(Locale.ROOT);
        return ViewJson.list(Visibility.list(services, caller, ORDER).stream()
                .filter(s -> part == null || s.getName().toLowerCase(Locale.ROOT).contains(part))
                .filter(s -> wanted == null || s.getSpec().getKind() == wanted)
                .filter(s -> tags == null || s.getSpec().getTags().containsAll(tags))
                .toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a service: its current version, definition, endpoint or topic")
    @APIResponse(responseCode = "200", description = "The service; ETag is its version")
    public Response get(@PathParam("id") String id) {
        CatalogServiceView service = Visibility.find(services, id, Roles.requireAny(callers.current()), "catalog service");
        return Replies.read(ViewJson.of(service), service.getVersion());
    }

    @GET
    @Path("{id}/definition")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "The service's definition document, as registered")
    @APIResponse(responseCode = "200", description = "The document")
    public Response definition(@PathParam("id") String id) {
        CatalogServiceView service = Visibility.find(services, id, Roles.requireAny(callers.current()), "catalog service");
        var definition = service.getSpec().getDefinition();
        return Response.ok(definition.getContent(), definition.getContentType()).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Publish a new version of a service (same body as registration; the name cannot change)")
    @APIResponse(responseCode = "200", description = "The new version; APIs following the service get a new working copy")
    public Response update(@PathParam("id") String id, JsonNode body, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        CatalogServiceView current = Visibility.find(services, id, caller, "catalog service");
        return writes.change(caller, id, () -> {
            ServiceRequests.Registration registration = ServiceRequests.read(body, caller.username());
            if (!registration.name().equalsIgnoreCase(current.getName())) {
                throw io.weir.controlplane.problem.ProblemException.badRequest("name-is-fixed",
                        "a service keeps its name ('" + current.getName() + "'); register a new service instead", "/name");
            }
            return new UpdateCatalogService(registration.spec());
        }, ifMatch, idempotencyKey);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove a service from the catalog (APIs made from it stay as they are)")
    @APIResponse(responseCode = "200", description = "Removed; the answer carries the final version as ETag")
    public Response remove(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return writes.change(Roles.require(callers.current(), Role.PUBLISHER), id, RemoveCatalogService::new, ifMatch,
                idempotencyKey);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The events of a service, oldest first")
    @APIResponse(responseCode = "200", description = "Its versions as registered and updated")
    public JsonNode history(@PathParam("id") String id) {
        return Visibility.history(log, id, Roles.requireAny(callers.current()), "catalog service");
    }
}
