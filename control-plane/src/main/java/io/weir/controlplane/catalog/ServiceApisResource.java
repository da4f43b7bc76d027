package io.weir.controlplane.catalog;

import static io.weir.controlplane.api.ETags.IDEMPOTENCY_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.AggregateWrites;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Commands;
import io.weir.controlplane.api.Ids;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewJson;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.CatalogServiceView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Managed APIs made from a catalog service, in one call ({@link ApisFromServices}); several APIs
 * may be made from one service (each needs its own context or version). The API is created like
 * any other (a CreateApi command; revisions, deployment and lifecycle as usual).
 */
@Tag(name = "Service Catalog")
@APIResponse(responseCode = "400", description = "Invalid body (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller lacks the role")
@APIResponse(responseCode = "404", description = "No such service in the caller's organization")
@APIResponse(responseCode = "409", description = "The context and version are taken by another API")
@APIResponse(responseCode = "422", description = "The service's definition cannot be made into an API, or an API rule refused it")
@Path(CatalogServicesResource.BASE + "/{id}/apis")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceApisResource {

    private final AggregateWrites<ApiView> writes;
    private final ViewReader<CatalogServiceView> services;
    private final ViewReader<ApiView> apis;
    private final CallerProvider callers;

    public ServiceApisResource(Commands commands, ViewReader<CatalogServiceView> services, ViewReader<ApiView> apis,
                               CallerProvider callers) {
        this.writes = new AggregateWrites<>(commands, AggregateType.API, apis);
        this.services = services;
        this.apis = apis;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a managed API from the service in one call",
            description = "Body: {context?, name?, version?, apiType?, tiers?, followService?}. With followService, "
                    + "each new version of the service prepares a new working copy of the API (not deployed): "
                    + "the API's pendingServiceVersion shows it and its history has ApiServiceDefinitionChanged.")
    @APIResponse(responseCode = "201", description = "The API was created; Location is /api/v1/apis/{apiId}")
    public Response createApi(@PathParam("id") String id, JsonNode body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        CatalogServiceView service = Visibility.find(services, id, caller, "catalog service");
        var create = ApisFromServices.create(service, body);
        String apiId = Ids.newId("api", idempotencyKey);
        return writes.create(caller, apiId, Replies.path("/api/v1/apis", apiId), create, idempotencyKey);
    }

    @GET
    @Operation(summary = "The APIs made from the service that follow it")
    @APIResponse(responseCode = "200", description = "Items sorted by name and version")
    public JsonNode followers(@PathParam("id") String id) {
        Caller caller = Roles.requireAny(callers.current());
        CatalogServiceView service = Visibility.find(services, id, caller, "catalog service");
        return ViewJson.list(Visibility.list(apis, caller, java.util.Comparator.comparing(ApiView::getName)
                        .thenComparing(ApiView::getApiVersion).thenComparing(ApiView::getApiId)).stream()
                .filter(api -> service.getServiceId().equals(api.getSettings().getFollowsCatalogService()))
                .toList());
    }
}
