package io.weir.processors.aggregate;

import static io.weir.schema.api.LifecycleStatus.BLOCKED;
import static io.weir.schema.api.LifecycleStatus.CREATED;
import static io.weir.schema.api.LifecycleStatus.DEPRECATED;
import static io.weir.schema.api.LifecycleStatus.PUBLISHED;
import static io.weir.schema.api.LifecycleStatus.RETIRED;
import static io.weir.schema.command.RejectionReason.ILLEGAL_LIFECYCLE_TRANSITION;

import io.weir.schema.api.ApiLifecycleChanged;
import io.weir.schema.api.ApiRevisionUndeployed;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.view.ApiView;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API lifecycle of WSO2 API Manager's default lifecycle as a transition table:
 *
 * <pre>
 * CREATED    → PUBLISHED
 * PUBLISHED  → DEPRECATED, BLOCKED, CREATED (demote)
 * DEPRECATED → RETIRED, PUBLISHED
 * BLOCKED    → PUBLISHED, DEPRECATED
 * RETIRED    → (terminal)
 * </pre>
 *
 * Publishing needs a deployed revision. Retiring also undeploys the API from every environment
 * (WSO2: "the API is unpublished from the gateway"), so a retired API can then be deleted.
 */
final class ApiLifecycle {

    private static final Map<LifecycleStatus, Set<LifecycleStatus>> TRANSITIONS = new EnumMap<>(Map.of(
            CREATED, EnumSet.of(PUBLISHED),
            PUBLISHED, EnumSet.of(DEPRECATED, BLOCKED, CREATED),
            DEPRECATED, EnumSet.of(RETIRED, PUBLISHED),
            BLOCKED, EnumSet.of(PUBLISHED, DEPRECATED),
            RETIRED, EnumSet.noneOf(LifecycleStatus.class)));

    private ApiLifecycle() {
    }

    static Set<LifecycleStatus> targets(LifecycleStatus from) {
        return TRANSITIONS.getOrDefault(from, EnumSet.noneOf(LifecycleStatus.class));
    }

    static Decision change(ApiView state, ChangeApiLifecycle change) {
        LifecycleStatus from = state.getLifecycleStatus();
        LifecycleStatus to = change.getTargetStatus();
        if (to == null || to == LifecycleStatus.UNSPECIFIED) {
            return Rejections.invalid("/payload/targetStatus", "targetStatus must be a lifecycle status");
        }
        if (!targets(from).contains(to)) {
            String allowed = targets(from).isEmpty() ? from + " is terminal" : "allowed from " + from + ": " + targets(from);
            return Decision.reject(ILLEGAL_LIFECYCLE_TRANSITION,
                    "cannot move the API from " + from + " to " + to + " (" + allowed + ")", "/payload/targetStatus");
        }
        if (to == PUBLISHED && state.getDeployments().isEmpty()) {
            return Rejections.invalid("/payload/targetStatus", "deploy a revision before publishing");
        }
        List<Object> events = new ArrayList<>();
        events.add(ApiLifecycleChanged.newBuilder().setFrom(from).setTo(to).setComment(change.getComment()).build());
        if (to == RETIRED) {
            state.getDeployments().forEach(deployment -> events.add(ApiRevisionUndeployed.newBuilder()
                    .setRevision(deployment.getRevision())
                    .setEnvironment(deployment.getEnvironment())
                    .build()));
        }
        return new Decision.Accepted(events);
    }
}
