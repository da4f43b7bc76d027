package io.weir.processors.aggregate;

import static io.weir.schema.api.LifecycleStatus.BLOCKED;
import static io.weir.schema.api.LifecycleStatus.CREATED;
import static io.weir.schema.api.LifecycleStatus.DEPRECATED;
import static io.weir.schema.api.LifecycleStatus.PUBLISHED;
import static io.weir.schema.api.LifecycleStatus.RETIRED;

import io.weir.schema.api.ApiLifecycleChanged;
import io.weir.schema.api.ApiRevisionCreated;
import io.weir.schema.api.ApiRevisionDeleted;
import io.weir.schema.api.ApiRevisionDeployed;
import io.weir.schema.api.ApiRevisionUndeployed;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.LifecycleStatus;
import java.util.ArrayList;
import java.util.List;

/** API events and the histories that bring an API to each lifecycle status. */
final class ApiHistories {

    private ApiHistories() {
    }

    static ApiSnapshot snapshot(ApiSettings settings) {
        return ApiSnapshot.newBuilder()
                .setName("Pets").setContext("/pets").setVersion("1.0.0").setApiType(ApiType.HTTP)
                .setSettings(settings)
                .build();
    }

    static ApiRevisionCreated revisionCreated(long revision) {
        return revisionCreated(revision, Samples.settings("Gold"));
    }

    static ApiRevisionCreated revisionCreated(long revision, ApiSettings settings) {
        return ApiRevisionCreated.newBuilder().setRevision(revision).setSnapshot(snapshot(settings)).build();
    }

    static ApiRevisionDeleted revisionDeleted(long revision) {
        return ApiRevisionDeleted.newBuilder().setRevision(revision).build();
    }

    static ApiRevisionDeployed deployed(long revision, String environment, Long replaced) {
        return ApiRevisionDeployed.newBuilder()
                .setRevision(revision).setEnvironment(environment).setReplacedRevision(replaced)
                .build();
    }

    static ApiRevisionUndeployed undeployed(long revision, String environment) {
        return ApiRevisionUndeployed.newBuilder().setRevision(revision).setEnvironment(environment).build();
    }

    static ApiLifecycleChanged moved(LifecycleStatus from, LifecycleStatus to) {
        return ApiLifecycleChanged.newBuilder().setFrom(from).setTo(to).build();
    }

    /** Created, revision 1 live in "eu", then moved along the default lifecycle to {@code status}. */
    static Object[] historyTo(LifecycleStatus status) {
        List<Object> events = new ArrayList<>(List.of(Samples.apiCreated(), revisionCreated(1), deployed(1, "eu", null)));
        if (status != CREATED) {
            events.add(moved(CREATED, PUBLISHED));
        }
        if (status == BLOCKED) {
            events.add(moved(PUBLISHED, BLOCKED));
        }
        if (status == DEPRECATED || status == RETIRED) {
            events.add(moved(PUBLISHED, DEPRECATED));
        }
        if (status == RETIRED) {
            events.add(moved(DEPRECATED, RETIRED));
            events.add(undeployed(1, "eu"));
        }
        return events.toArray();
    }
}
