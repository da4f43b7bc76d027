package io.weir.controlplane.api;

import static io.weir.controlplane.api.Fakes.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.api.ApiDeleted;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisibilityTest {

    private final Caller acme = caller("pat", "acme", Role.PUBLISHER);
    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<ApiView>()
            .with("mine", SampleViews.api("mine", "acme", "Pets", 1))
            .with("theirs", SampleViews.api("theirs", "globex", "Orders", 1));

    @Test
    void anotherOrganizationsAggregateIsNotFoundLikeAMissingOne() {
        ProblemException theirs = catchThrowableOfType(ProblemException.class,
                () -> Visibility.find(apis, "theirs", acme, "API"));
        ProblemException missing = catchThrowableOfType(ProblemException.class,
                () -> Visibility.find(apis, "nothing", acme, "API"));

        assertThat(theirs.problem().status()).isEqualTo(404);
        assertThat(theirs.problem().type()).isEqualTo(missing.problem().type());
        assertThat(theirs.problem().detail()).isEqualTo("API theirs does not exist");
    }

    @Test
    void aViewMarkedDeletedIsGone() {
        ApiView deleted = SampleViews.api("gone", "acme", "Gone", 3);
        deleted.setDeleted(true);
        apis.with("gone", deleted);

        assertThat(catchThrowableOfType(ProblemException.class, () -> Visibility.find(apis, "gone", acme, "API"))
                .problem().status()).isEqualTo(404);
        assertThat(Visibility.list(apis, acme, Comparator.comparing(ApiView::getName)))
                .extracting(ApiView::getApiId).containsExactly("mine");
    }

    @Test
    void historyOutlivesTheViewButStaysInTheOrganization() {
        EventLog log = Fakes.log(Map.of("gone", List.of(event("gone", "acme")), "theirs", List.of(event("theirs", "globex"))));

        assertThat(Visibility.history(log, "gone", acme, "API").get("count").asInt()).isEqualTo(1);
        assertThat(catchThrowableOfType(ProblemException.class, () -> Visibility.history(log, "theirs", acme, "API"))
                .problem().status()).isEqualTo(404);
    }

    private static EventEnvelope event(String id, String organization) {
        return EventEnvelope.newBuilder().setEventId("e-" + id).setAggregateType(AggregateType.API).setAggregateId(id)
                .setAggregateVersion(1).setOccurredAt(Instant.EPOCH).setActor("pat").setOrganization(organization)
                .setCausationId("c").setCorrelationId("r").setPayload(Fakes.record(ApiDeleted.class, "{'name':'Pets','context':'/pets','version':'1.0'}")).build();
    }
}
