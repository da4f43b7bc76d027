package io.weir.controlplane.api.subscriptions;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.view.SubscriptionView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsResourceTest {

    private Caller caller = caller("sam", "acme", Role.SUBSCRIBER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<SubscriptionView> subscriptions = new Fakes.MapView<SubscriptionView>()
            .with("s2", SampleViews.subscription("s2", "acme", "app1", "api2", "2026-01-02T00:00:00Z"))
            .with("s1", SampleViews.subscription("s1", "acme", "app1", "api1", "2026-01-01T00:00:00Z"))
            .with("s3", SampleViews.subscription("s3", "acme", "app2", "api1", "2026-01-03T00:00:00Z"))
            .with("sx", SampleViews.subscription("sx", "globex", "app1", "api1", "2026-01-01T00:00:00Z"));
    private final SubscriptionsResource resource = new SubscriptionsResource(commands, subscriptions,
            Fakes.log(Map.of()), () -> caller);

    @Test
    void subscribingIsACreateSubscription() {
        resource.create(json("{'applicationId':'app1','apiId':'api1','tier':'Gold'}"), null);

        assertThat(commands.last().type()).isEqualTo(AggregateType.SUBSCRIPTION);
        assertThat(commands.last().expectedVersion()).isZero();
        assertThat(((CreateSubscription) commands.last().payload()).getTier()).isEqualTo("Gold");
    }

    @Test
    void theListIsOldestFirstAndFilteredByApplicationAndApi() {
        assertThat(resource.list(null, null).findValuesAsText("subscriptionId")).containsExactly("s1", "s2", "s3");
        assertThat(resource.list("app1", null).findValuesAsText("subscriptionId")).containsExactly("s1", "s2");
        assertThat(resource.list(null, "api1").findValuesAsText("subscriptionId")).containsExactly("s1", "s3");
        assertThat(resource.list("app1", "api1").findValuesAsText("subscriptionId")).containsExactly("s1");
    }

    @Test
    void aSubscriberMayNotApproveButMayChangeTheTier() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.change("s1", json("{'action':'approve'}"), null, null)).problem().status()).isEqualTo(403);

        resource.change("s1", json("{'tier':'Silver'}"), "\"1\"", null);
        assertThat(commands.last().payload()).isInstanceOf(ChangeSubscriptionTier.class);
        assertThat(commands.last().expectedVersion()).isEqualTo(1L);
    }

    @Test
    void aPublisherApproves() {
        caller = caller("pat", "acme", Role.PUBLISHER);
        resource.change("s1", json("{'action':'approve'}"), null, "k");

        assertThat(commands.last().payload()).isInstanceOf(ApproveSubscription.class);
        assertThat(commands.last().aggregateId()).isEqualTo("s1");
        assertThat(commands.last().idempotencyKey()).isEqualTo("k");
    }

    @Test
    void anotherOrganizationsSubscriptionIsNotFound() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("sx")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void deletingIsTheSubscribers() {
        resource.delete("s1", null, null);
        assertThat(commands.last().payload()).isInstanceOf(DeleteSubscription.class);
    }
}
