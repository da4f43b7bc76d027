package io.weir.processors.aggregate;

import io.weir.schema.api.ApiCreated;
import io.weir.schema.api.ApiDeleted;
import io.weir.schema.api.ApiLifecycleChanged;
import io.weir.schema.api.ApiRevisionCreated;
import io.weir.schema.api.ApiRevisionDeleted;
import io.weir.schema.api.ApiRevisionDeployed;
import io.weir.schema.api.ApiRevisionRestored;
import io.weir.schema.api.ApiRevisionUndeployed;
import io.weir.schema.api.ApiServiceDefinitionChanged;
import io.weir.schema.api.ApiUpdated;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import java.util.ArrayList;
import java.util.List;

/** How each API event changes an {@link ApiView}; the envelope supplies version, time and organization. */
final class ApiEvolution {

    private ApiEvolution() {
    }

    static ApiView evolve(ApiView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof ApiCreated created) {
            // an id re-created after deletion keeps counting revisions: numbers are never reused
            return created(event, created, state == null ? 1L : state.getNextRevision());
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName() + " before ApiCreated for API "
                    + event.getAggregateId());
        }
        ApiView.Builder next = ApiView.newBuilder(state)
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt())
                .setOrganization(event.getOrganization());
        if (payload instanceof ApiUpdated updated) {
            next.setSettings(updated.getSettings());
        } else if (payload instanceof ApiLifecycleChanged changed) {
            next.setLifecycleStatus(changed.getTo());
        } else if (payload instanceof ApiRevisionCreated revision) {
            List<ApiRevisionView> revisions = new ArrayList<>(state.getRevisions());
            revisions.add(ApiRevisionView.newBuilder()
                    .setRevision(revision.getRevision())
                    .setDescription(revision.getDescription())
                    .setCreatedAt(event.getOccurredAt())
                    .setSnapshot(revision.getSnapshot())
                    .build());
            next.setRevisions(revisions)
                    .setNextRevision(Math.max(state.getNextRevision(), revision.getRevision() + 1))
                    .setPendingServiceVersion(null);
        } else if (payload instanceof ApiRevisionDeleted deleted) {
            List<ApiRevisionView> revisions = new ArrayList<>(state.getRevisions());
            revisions.removeIf(revision -> revision.getRevision() == deleted.getRevision());
            next.setRevisions(revisions);
        } else if (payload instanceof ApiRevisionDeployed deployed) {
            next.setDeployments(withDeployment(state.getDeployments(), ApiDeploymentView.newBuilder()
                    .setEnvironment(deployed.getEnvironment())
                    .setRevision(deployed.getRevision())
                    .setDeployedAt(event.getOccurredAt())
                    .build()));
        } else if (payload instanceof ApiRevisionUndeployed undeployed) {
            List<ApiDeploymentView> deployments = new ArrayList<>(state.getDeployments());
            deployments.removeIf(deployment -> deployment.getEnvironment().equals(undeployed.getEnvironment()));
            next.setDeployments(deployments);
        } else if (payload instanceof ApiRevisionRestored restored) {
            // name, context, version and type are immutable, so only the settings come back
            next.setSettings(restored.getSnapshot().getSettings()).setPendingServiceVersion(null);
        } else if (payload instanceof ApiServiceDefinitionChanged changed) {
            next.setSettings(changed.getSettings()).setPendingServiceVersion(changed.getServiceVersion());
        } else if (payload instanceof ApiDeleted) {
            next.setDeleted(true);
        } else {
            throw new IllegalArgumentException("not an API event: " + payload.getClass().getName());
        }
        return next.build();
    }

    private static ApiView created(EventEnvelope event, ApiCreated created, long nextRevision) {
        return ApiView.newBuilder()
                .setApiId(event.getAggregateId())
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setName(created.getName())
                .setContext(created.getContext())
                .setApiVersion(created.getVersion())
                .setApiType(created.getApiType())
                .setSettings(created.getSettings())
                .setLifecycleStatus(LifecycleStatus.CREATED)
                .setRevisions(new ArrayList<>())
                .setDeployments(new ArrayList<>())
                .setCreatedAt(event.getOccurredAt())
                .setUpdatedAt(event.getOccurredAt())
                .setNextRevision(nextRevision)
                .setPendingServiceVersion(null)
                .setDeleted(false)
                .build();
    }

    /** The environment's entry replaced in place, or appended when the environment had none. */
    private static List<ApiDeploymentView> withDeployment(List<ApiDeploymentView> current, ApiDeploymentView deployment) {
        List<ApiDeploymentView> deployments = new ArrayList<>(current);
        for (int i = 0; i < deployments.size(); i++) {
            if (deployments.get(i).getEnvironment().equals(deployment.getEnvironment())) {
                deployments.set(i, deployment);
                return deployments;
            }
        }
        deployments.add(deployment);
        return deployments;
    }
}
