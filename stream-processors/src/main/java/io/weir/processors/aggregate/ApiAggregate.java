package io.weir.processors.aggregate;

import static io.weir.schema.command.RejectionReason.ILLEGAL_LIFECYCLE_TRANSITION;
import static io.weir.schema.command.RejectionReason.INVALID_DEFINITION;
import static io.weir.schema.command.RejectionReason.REVISION_DEPLOYED;

import io.weir.schema.api.ApiCreated;
import io.weir.schema.api.ApiDeleted;
import io.weir.schema.api.ApiServiceDefinitionChanged;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiUpdated;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.api.DeleteApi;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.api.RefreshApiServiceDefinition;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.api.UpdateApi;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiView;
import java.util.Objects;

/**
 * An API: its working copy, lifecycle, revisions and deployments. Lifecycle rules live in
 * {@link ApiLifecycle}, revision and deployment rules in {@link ApiRevisions}, state changes in
 * {@link ApiEvolution}. A RETIRED API is read-only: it can still lose revisions and be deleted.
 */
final class ApiAggregate implements Aggregate<ApiView> {

    @Override
    public AggregateType type() {
        return AggregateType.API;
    }

    @Override
    public Class<ApiView> stateType() {
        return ApiView.class;
    }

    @Override
    public Decision decide(ApiView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        String organization = command.getOrganization();
        if (payload instanceof CreateApi create) {
            return state != null && !state.getDeleted()
                    ? Rejections.alreadyExists("API " + command.getAggregateId() + " already exists")
                    : ApiValidation.ofCreate(create, organization, context).orElseGet(() -> created(create));
        }
        if (state == null || state.getDeleted()) {
            return Rejections.notFound("API " + command.getAggregateId() + " does not exist");
        }
        if (state.getLifecycleStatus() == LifecycleStatus.RETIRED && changesARetiredApi(payload)) {
            return Rejections.invalid(null, "the API is RETIRED: it can no longer be changed or deployed");
        }
        if (payload instanceof UpdateApi update) {
            return ApiValidation.ofSettings(update.getSettings(), organization, context)
                    .orElseGet(() -> Decision.accept(ApiUpdated.newBuilder().setSettings(update.getSettings()).build()));
        }
        if (payload instanceof ChangeApiLifecycle change) {
            return ApiLifecycle.change(state, change);
        }
        if (payload instanceof CreateApiRevision create) {
            return ApiRevisions.create(state, create, context);
        }
        if (payload instanceof DeployApiRevision deploy) {
            return ApiRevisions.deploy(state, deploy, context);
        }
        if (payload instanceof UndeployApiRevision undeploy) {
            return ApiRevisions.undeploy(state, undeploy);
        }
        if (payload instanceof RestoreApiRevision restore) {
            return ApiRevisions.restore(state, restore);
        }
        if (payload instanceof DeleteApiRevision delete) {
            return ApiRevisions.delete(state, delete);
        }
        if (payload instanceof DeleteApi) {
            return delete(state);
        }
        if (payload instanceof RefreshApiServiceDefinition refresh) {
            return refresh(state, refresh);
        }
        return Rejections.notACommandFor("API", payload);
    }

    @Override
    public ApiView evolve(ApiView state, EventEnvelope event) {
        return ApiEvolution.evolve(state, event);
    }

    @Override
    public boolean isDeleted(ApiView state) {
        return state.getDeleted();
    }

    private static boolean changesARetiredApi(Object payload) {
        return payload instanceof UpdateApi || payload instanceof CreateApiRevision
                || payload instanceof DeployApiRevision || payload instanceof RestoreApiRevision
                || payload instanceof RefreshApiServiceDefinition;
    }

    private static Decision created(CreateApi create) {
        return Decision.accept(ApiCreated.newBuilder()
                .setName(create.getName())
                .setContext(create.getContext())
                .setVersion(create.getVersion())
                .setApiType(create.getApiType())
                .setSettings(create.getSettings())
                .build());
    }

    /**
     * WSO2 refuses to delete an API that is still deployed or published. Active subscriptions are
     * not checked here: the subscription count is not part of this aggregate's state, the command
     * service checks it before issuing DeleteApi.
     */
    private static Decision delete(ApiView state) {
        if (!state.getDeployments().isEmpty()) {
            return Decision.reject(REVISION_DEPLOYED, "the API is deployed to "
                    + state.getDeployments().stream().map(ApiDeploymentView::getEnvironment).toList()
                    + "; undeploy it first");
        }
        LifecycleStatus status = state.getLifecycleStatus();
        if (status != LifecycleStatus.CREATED && status != LifecycleStatus.RETIRED) {
            return Decision.reject(ILLEGAL_LIFECYCLE_TRANSITION,
                    "an API in status " + status + " cannot be deleted; retire it or demote it to CREATED first");
        }
        return Decision.accept(ApiDeleted.newBuilder()
                .setName(state.getName())
                .setContext(state.getContext())
                .setVersion(state.getApiVersion())
                .build());
    }

    /** A catalog service the API follows changed: prepare a new working copy from it (not yet a revision). */
    private static Decision refresh(ApiView state, RefreshApiServiceDefinition refresh) {
        ApiSettings current = state.getSettings();
        if (!Objects.equals(refresh.getServiceId(), current.getFollowsCatalogService())) {
            return Rejections.invalid("/payload/serviceId",
                    "the API does not follow catalog service '" + refresh.getServiceId() + "'");
        }
        if (Rejections.isBlank(refresh.getServiceVersion())) {
            return Rejections.invalid("/payload/serviceVersion", "serviceVersion must not be blank");
        }
        if (refresh.getDefinition().getFormat() != DefinitionFormat.NONE
                && Rejections.isBlank(refresh.getDefinition().getContent())) {
            return Decision.reject(INVALID_DEFINITION, "the service definition is empty", "/payload/definition/content");
        }
        // The service endpoint becomes the production endpoint; a sandbox endpoint stays as configured.
        BackendEndpoints endpoints = refresh.getEndpoint() == null ? current.getEndpoints()
                : BackendEndpoints.newBuilder(current.getEndpoints()).setProductionUrl(refresh.getEndpoint()).build();
        ApiSettings settings = ApiSettings.newBuilder(current)
                .setDefinition(refresh.getDefinition())
                .setEndpoints(endpoints)
                .build();
        if (settings.equals(current)) {
            return Rejections.invalid(null, "the working copy already matches service version " + refresh.getServiceVersion());
        }
        return Decision.accept(ApiServiceDefinitionChanged.newBuilder()
                .setServiceId(refresh.getServiceId())
                .setServiceVersion(refresh.getServiceVersion())
                .setSettings(settings)
                .build());
    }
}
