package io.weir.processors.aggregate;

import static io.weir.schema.command.RejectionReason.REVISION_DEPLOYED;
import static io.weir.schema.command.RejectionReason.REVISION_LIMIT_REACHED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_ENVIRONMENT;

import io.weir.schema.api.ApiRevisionCreated;
import io.weir.schema.api.ApiRevisionDeleted;
import io.weir.schema.api.ApiRevisionDeployed;
import io.weir.schema.api.ApiRevisionRestored;
import io.weir.schema.api.ApiRevisionUndeployed;
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Revision and deployment commands of an API, as in WSO2 API Manager 4: a revision freezes the
 * working copy under a number that is never reused, an API keeps at most
 * {@link DecisionContext#maxRevisions()} revisions, each environment serves at most one revision of
 * the API, and a deployed revision cannot be deleted.
 */
final class ApiRevisions {

    private ApiRevisions() {
    }

    static Decision create(ApiView state, CreateApiRevision create, DecisionContext context) {
        int existing = state.getRevisions().size();
        if (existing >= context.maxRevisions()) {
            return Decision.reject(REVISION_LIMIT_REACHED, "the API has " + existing
                    + " revisions, the maximum; delete a revision first");
        }
        ApiSnapshot snapshot = ApiSnapshot.newBuilder()
                .setName(state.getName())
                .setContext(state.getContext())
                .setVersion(state.getApiVersion())
                .setApiType(state.getApiType())
                .setSettings(state.getSettings())
                .build();
        return Decision.accept(ApiRevisionCreated.newBuilder()
                .setRevision(state.getNextRevision())
                .setDescription(create.getDescription())
                .setSnapshot(snapshot)
                .build());
    }

    static Decision deploy(ApiView state, DeployApiRevision deploy, DecisionContext context) {
        long revision = deploy.getRevision();
        if (find(state, revision).isEmpty()) {
            return Rejections.notFound("revision " + revision + " does not exist", "/payload/revision");
        }
        List<String> environments = deploy.getEnvironments();
        if (environments.isEmpty()) {
            return Rejections.invalid("/payload/environments", "name at least one environment");
        }
        List<Object> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < environments.size(); i++) {
            String environment = environments.get(i);
            if (References.environment(context, environment).isEmpty()) {
                return Decision.reject(UNKNOWN_ENVIRONMENT, "environment '" + environment + "' does not exist",
                        "/payload/environments/" + i);
            }
            Long live = deployment(state, environment).map(ApiDeploymentView::getRevision).orElse(null);
            if (seen.add(environment) && (live == null || live != revision)) {
                events.add(ApiRevisionDeployed.newBuilder()
                        .setRevision(revision)
                        .setEnvironment(environment)
                        .setReplacedRevision(live)
                        .build());
            }
        }
        if (events.isEmpty()) {
            return Rejections.invalid("/payload/environments",
                    "revision " + revision + " is already deployed to " + environments);
        }
        return new Decision.Accepted(events);
    }

    static Decision undeploy(ApiView state, UndeployApiRevision undeploy) {
        String environment = undeploy.getEnvironment();
        return deployment(state, environment)
                .<Decision>map(live -> Decision.accept(ApiRevisionUndeployed.newBuilder()
                        .setRevision(live.getRevision())
                        .setEnvironment(environment)
                        .build()))
                .orElseGet(() -> Rejections.notFound(
                        "nothing is deployed to environment '" + environment + "'", "/payload/environment"));
    }

    static Decision restore(ApiView state, RestoreApiRevision restore) {
        return find(state, restore.getRevision())
                .<Decision>map(revision -> Decision.accept(ApiRevisionRestored.newBuilder()
                        .setRevision(revision.getRevision())
                        .setSnapshot(revision.getSnapshot())
                        .build()))
                .orElseGet(() -> Rejections.notFound(
                        "revision " + restore.getRevision() + " does not exist", "/payload/revision"));
    }

    static Decision delete(ApiView state, DeleteApiRevision delete) {
        long revision = delete.getRevision();
        if (find(state, revision).isEmpty()) {
            return Rejections.notFound("revision " + revision + " does not exist", "/payload/revision");
        }
        List<String> deployedTo = state.getDeployments().stream()
                .filter(deployment -> deployment.getRevision() == revision)
                .map(ApiDeploymentView::getEnvironment)
                .toList();
        if (!deployedTo.isEmpty()) {
            return Decision.reject(REVISION_DEPLOYED, "revision " + revision + " is deployed to " + deployedTo
                    + "; undeploy it first", "/payload/revision");
        }
        return Decision.accept(ApiRevisionDeleted.newBuilder().setRevision(revision).build());
    }

    private static Optional<ApiRevisionView> find(ApiView state, long revision) {
        return state.getRevisions().stream().filter(candidate -> candidate.getRevision() == revision).findFirst();
    }

    private static Optional<ApiDeploymentView> deployment(ApiView state, String environment) {
        return state.getDeployments().stream()
                .filter(deployment -> deployment.getEnvironment().equals(environment))
                .findFirst();
    }
}
