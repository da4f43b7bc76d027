package io.weir.dataplane.websub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.websub.delivery.DeliveryAdmission.Admitted;
import io.weir.dataplane.websub.delivery.DeliveryAdmission.Deferred;
import io.weir.dataplane.websub.delivery.DeliveryAdmission.Refused;
import io.weir.dataplane.websub.delivery.DeliveryAdmission.Verdict;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.application.KeyType;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.throttle.ThrottleKeys;
import io.weir.schema.webhook.DeliveryOutcome;
import io.weir.schema.webhook.WebhookDispatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery seam without Kafka: the real {@link Throttling} ledger on one node (initial share 1,
 * so the node holds the whole limit), a {@link GatewayState} fed as the topics would feed it.
 */
class DeliveryAdmissionTest {

    private static final String API = "api-news";
    private static final String KEY = CredentialKeys.forApiKey("key-1");
    private static final long MINUTE = 60_000;
    /** A window start: every charge below happens in the window [T0, T0 + 1 min). */
    private static final long T0 = 1_800_000_000_000L / MINUTE * MINUTE;

    private final GatewayState state = new GatewayState("production");
    private final List<String> records = new ArrayList<>();
    private final List<Long> nextAttempts = new ArrayList<>();
    private DeliveryAdmission admission;

    @BeforeEach
    void setUp() {
        admission = new DeliveryAdmission(state, Throttling.of(new NodeIdentity("production", "node-1"), 1.0,
                new SimpleMeterRegistry()), (task, callback, outcome, status, error, next) -> {
            records.add(outcome + " " + error);
            nextAttempts.add(next);
        });
        state.onApi("production/" + API, api(LifecycleStatus.PUBLISHED));
        policy(PolicyLevel.SUBSCRIPTION, "Gold", 5);
        policy(PolicyLevel.SUBSCRIPTION, "Bronze", 1);
        policy(PolicyLevel.APPLICATION, "TenPerMin", 10);
        subscribed(SubscriptionStatus.ACTIVE, "Gold");
    }

    @Test
    void eachAttemptIsOneMessageOnTheSubscriptionAndApplicationTiersUntilTheLimitThenTheLaneWaitsForTheWindow() {
        for (int i = 0; i < 5; i++) {
            Verdict verdict = admission.admit(task(), webhook(), T0 + 1_000 + i);
            assertThat(verdict).isInstanceOf(Admitted.class);
            assertThat(((Admitted) verdict).keys()).containsExactlyInAnyOrder(
                    new ThrottleKeys("production", ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "Gold"), "sub-" + API).key(),
                    new ThrottleKeys("production", ThrottleKeys.policyId("acme", PolicyLevel.APPLICATION, "TenPerMin"), "app-1").key());
            assertThat(((Admitted) verdict).atMillis()).isEqualTo(T0 + 1_000 + i);
            assertThat(((Admitted) verdict).subscriptionTier()).isEqualTo("Gold");
        }
        assertThat(records).as("nothing recorded for admitted attempts").isEmpty();

        Verdict sixth = admission.admit(task(), webhook(), T0 + 20_000);

        assertThat(sixth).isInstanceOf(Deferred.class);
        assertThat(((Deferred) sixth).retryAfterMillis()).as("until the window ends").isEqualTo(MINUTE - 20_000);
        assertThat(records).containsExactly("THROTTLED throttled-quota: the subscription policy 'Gold' allows no more now");
        assertThat(nextAttempts).containsExactly(T0 + MINUTE);
        assertThat(admission.admit(task(), webhook(), T0 + MINUTE)).as("the next window admits again").isInstanceOf(Admitted.class);
    }

    @Test
    void theTierIsTheSubscriptionsCurrentOneNotTheOneRecordedAtSubscribeTime() {
        subscribed(SubscriptionStatus.ACTIVE, "Bronze");
        GatewayWebhookSubscription recordedGold = webhook();

        assertThat(admission.admit(task(), recordedGold, T0)).isInstanceOf(Admitted.class);
        assertThat(admission.admit(task(), recordedGold, T0 + 1)).as("Bronze: one a minute").isInstanceOf(Deferred.class);
    }

    @Test
    void aBlockedPendingOrRemovedSubscriptionIsDeadLetteredWithItsCode() {
        subscribed(SubscriptionStatus.BLOCKED, "Gold");
        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("subscription-blocked"));
        subscribed(SubscriptionStatus.PENDING, "Gold");
        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("subscription-pending"));
        state.onCredential(KEY, GatewayRecords.credential("app-1", CredentialStatus.ACTIVE));
        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("not-subscribed"));

        assertThat(records).containsExactly(
                "DEAD_LETTERED subscription-blocked: The subscription is blocked.",
                "DEAD_LETTERED subscription-pending: The subscription is waiting for approval.",
                "DEAD_LETTERED not-subscribed: The application is no longer subscribed to the API.");
    }

    @Test
    void productionBlockedStopsOnlyAProductionSubscriber() {
        subscribed(SubscriptionStatus.PRODUCTION_BLOCKED, "Gold");

        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("subscription-blocked"));
        assertThat(admission.admit(task(), GatewayWebhookSubscription.newBuilder(webhook()).setKeyType(KeyType.SANDBOX).build(), T0))
                .isInstanceOf(Admitted.class);
    }

    @Test
    void anyLiveCredentialOfTheApplicationTellsItsSubscriptionAndWithoutOneTheRecordedTiersApply() {
        state.onCredential(KEY, null);
        state.onCredential(CredentialKeys.forApiKey("key-2"), GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                subscription(SubscriptionStatus.BLOCKED, "Gold")));
        assertThat(admission.admit(task(), webhook(), T0)).as("the other key of the application").isEqualTo(new Refused("subscription-blocked"));

        state.onCredential(CredentialKeys.forApiKey("key-2"), null);
        GatewayWebhookSubscription bronze = GatewayWebhookSubscription.newBuilder(webhook()).setSubscriptionTier("Bronze").build();
        Verdict first = admission.admit(task(), bronze, T0);
        assertThat(first).isInstanceOf(Admitted.class);
        assertThat(((Admitted) first).keys()).hasSize(1).allMatch(key -> key.contains("Bronze") && key.endsWith("sub-recorded"));
        assertThat(admission.admit(task(), bronze, T0 + 1)).isInstanceOf(Deferred.class);
    }

    @Test
    void anAnonymousSubscriptionIsChargedOnlyOnTheApiAndChannelPolicies() {
        GatewayWebhookSubscription anonymous = GatewayWebhookSubscription.newBuilder(webhook()).setApplicationId(null)
                .setApiSubscriptionId(null).setSubscriptionTier(null).setApplicationTier(null).build();
        Verdict verdict = admission.admit(task(), anonymous, T0);
        assertThat(((Admitted) verdict).keys()).isEmpty();

        policy(PolicyLevel.API, "ChannelTwo", 2);
        state.onApi("production/" + API, GatewayApi.newBuilder(api(LifecycleStatus.PUBLISHED)).setResources(List.of(
                ApiResource.newBuilder().setPath("orders").setAuthScheme(AuthScheme.API_KEY).setThrottlingPolicy("ChannelTwo").build()))
                .build());
        assertThat(((Admitted) admission.admit(task(), anonymous, T0)).keys()).singleElement()
                .satisfies(key -> assertThat(key).endsWith(API + "|SUBSCRIBE orders"));
    }

    @Test
    void aBlockedOrUndeployedApiIsDeadLettered() {
        state.onApi("production/" + API, api(LifecycleStatus.BLOCKED));
        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("api-unavailable"));
        state.onApi("production/" + API, null);
        assertThat(admission.admit(task(), webhook(), T0)).isEqualTo(new Refused("api-unavailable"));
        assertThat(records).containsExactly("DEAD_LETTERED api-unavailable: The API is blocked.",
                "DEAD_LETTERED api-unavailable: The API is no longer deployed to this environment.");
    }

    private void subscribed(SubscriptionStatus status, String tier) {
        state.onCredential(KEY, GatewayCredential.newBuilder(GatewayRecords.credential("app-1", CredentialStatus.ACTIVE,
                subscription(status, tier))).setApplicationTier("TenPerMin").build());
    }

    private static GatewaySubscription subscription(SubscriptionStatus status, String tier) {
        return GatewaySubscription.newBuilder(GatewayRecords.subscription(API, status)).setTier(tier).build();
    }

    private void policy(PolicyLevel level, String name, long perMinute) {
        state.onPolicy(ThrottleKeys.policyId("acme", level, name), GatewayPolicy.newBuilder().setName(name).setLevel(level)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(perMinute)
                        .setUnitMillis(MINUTE).build()).build());
    }

    private static GatewayApi api(LifecycleStatus lifecycle) {
        return GatewayApi.newBuilder(GatewayRecords.api(API, "/news", "1.0",
                        List.of(ApiResource.newBuilder().setPath("orders").setAuthScheme(AuthScheme.API_KEY).build())))
                .setApiType(ApiType.WEBSUB).setLifecycleStatus(lifecycle).build();
    }

    /** As the projection writes it: subscribed with the Gold tier (sub-recorded), no application tier recorded. */
    private static GatewayWebhookSubscription webhook() {
        return GatewayWebhookSubscription.newBuilder(GatewayRecords.webhookSubscription("ws-1", API, "orders",
                        "https://subscriber.example/hook", null, null, Instant.ofEpochMilli(T0 - MINUTE), Instant.ofEpochMilli(T0 + 3_600_000)))
                .setApiSubscriptionId("sub-recorded").setSubscriptionTier("Gold").setKeyType(KeyType.PRODUCTION).build();
    }

    private static Task task() {
        return new Task(WebhookDispatch.newBuilder().setDeliveryId("d-1").setSubscriptionId("ws-1").setApiId(API).setTopic("orders")
                .setPayload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8))).setContentType("application/json")
                .setPublishedAt(Instant.ofEpochMilli(T0)).setSource("t/0/1").build(), new TopicPartition("dispatch", 0), 1);
    }
}
