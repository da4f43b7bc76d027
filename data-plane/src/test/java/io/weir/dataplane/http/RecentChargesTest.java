package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Anonymous;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.throttle.ThrottleKeys;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentChargesTest {

    private static final String API = "api-1";

    private final GatewayState state = new GatewayState("production");
    private final RecentCharges recent = new RecentCharges();
    private GatewayApi api;
    private ResourceRoute route;

    @BeforeEach
    void deployed() {
        policy(PolicyLevel.SUBSCRIPTION, "Gold", 100);
        policy(PolicyLevel.APPLICATION, "TenPerMin", 10);
        policy(PolicyLevel.API, "ApiWide", 1000);
        policy(PolicyLevel.API, "PetReads", 50);
        deploy("ApiWide");
    }

    @Test
    void aCallersChargesAreTheOnesBuiltFreshAndAreRememberedForItsNextCall() {
        Authentication caller = subscribed(credential("Gold"));

        CallCharges first = recent.of(state, api, route, caller);

        assertThat(first.charges()).isEqualTo(ThrottleCharges.of(state, api, route, caller));
        assertThat(first.keys()).containsExactly("production|acme/SUBSCRIPTION/Gold|sub-" + API,
                "production|acme/APPLICATION/TenPerMin|app-1", "production|acme/API/ApiWide|" + API,
                "production|acme/API/PetReads|" + API + "|GET /pets/{id}");
        assertThat(recent.of(state, api, route, caller)).isSameAs(first);
        assertThat(recent.of(state, api, route, new Subscribed(InvocationCredentialKind.API_KEY,
                ((Subscribed) caller).credential(), ((Subscribed) caller).subscription())))
                .as("the same credential and subscription, authenticated again").isSameAs(first);
    }

    @Test
    void aChangedPolicyIsChargedFromTheNextCallOn() {
        Authentication caller = subscribed(credential("Gold"));
        CallCharges before = recent.of(state, api, route, caller);

        policy(PolicyLevel.SUBSCRIPTION, "Gold", 5);

        CallCharges after = recent.of(state, api, route, caller);
        assertThat(after.charges().get(0).policy().getLimits().getLimit()).isEqualTo(5);
        assertThat(before.charges().get(0).policy().getLimits().getLimit()).isEqualTo(100);

        unlimited(PolicyLevel.APPLICATION, "TenPerMin");
        assertThat(recent.of(state, api, route, caller).keys()).as("an unlimited policy charges nothing")
                .noneMatch(key -> key.contains("TenPerMin"));
        state.onPolicy(ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "Gold"), null);
        assertThat(recent.of(state, api, route, caller).keys()).as("a policy the node no longer knows charges nothing")
                .noneMatch(key -> key.contains("Gold"));
    }

    @Test
    void aChangedSubscriptionCredentialOrApiIsANewCaller() {
        CallCharges gold = recent.of(state, api, route, subscribed(credential("Gold")));

        policy(PolicyLevel.SUBSCRIPTION, "Bronze", 3); // (a policy change too, but the tier is what differs)
        CallCharges bronze = recent.of(state, api, route, subscribed(credential("Bronze")));
        assertThat(bronze.keys().get(0)).isEqualTo("production|acme/SUBSCRIPTION/Bronze|sub-" + API);
        assertThat(recent.of(state, api, route, subscribed(credential("Gold"))).keys()).isEqualTo(gold.keys());

        deploy("PetReads"); // redeployed: a new API snapshot with another API policy
        assertThat(recent.of(state, api, route, subscribed(credential("Gold"))).keys())
                .contains("production|acme/API/PetReads|" + API)
                .doesNotContain("production|acme/API/ApiWide|" + API);
    }

    @Test
    void anAnonymousCallerIsChargedTheApiCountersOnly() {
        CallCharges anonymous = recent.of(state, api, route, new Anonymous());

        assertThat(anonymous.keys()).containsExactly("production|acme/API/ApiWide|" + API,
                "production|acme/API/PetReads|" + API + "|GET /pets/{id}");
        assertThat(recent.of(state, api, route, new Anonymous())).isSameAs(anonymous);
    }

    @Test
    void eachThreadRemembersAtMostItsShareOfCallers() throws Exception {
        for (int i = 0; i < RecentCharges.PER_THREAD + 100; i++) {
            recent.of(state, api, route, subscribed(credential("Gold")));
        }
        assertThat(recent.rememberedByThisThread()).isEqualTo(RecentCharges.PER_THREAD);
        assertThat(CompletableFuture.supplyAsync(recent::rememberedByThisThread).get()).isZero();
    }

    private void deploy(String apiPolicy) {
        api = GatewayApi.newBuilder(GatewayRecords.api(API, "/pets", "1.0", List.of(ApiResource.newBuilder()
                        .setMethod("GET").setPath("/pets/{id}").setAuthScheme(AuthScheme.API_KEY).setThrottlingPolicy("PetReads")
                        .build())))
                .setApiThrottlingPolicy(apiPolicy).build();
        state.onApi("production/" + API, api);
        route = state.routes().byApiId(API).match("GET", "/pets/7") instanceof io.weir.dataplane.routing.RoutedApi.Found found
                ? found.route() : null;
        assertThat(route).isNotNull();
    }

    private static GatewayCredential credential(String tier) {
        GatewaySubscription subscription = GatewaySubscription.newBuilder(GatewayRecords.subscription(API, SubscriptionStatus.ACTIVE))
                .setTier(tier).build();
        return GatewayCredential.newBuilder(GatewayRecords.credential("app-1", CredentialStatus.ACTIVE, subscription))
                .setApplicationTier("TenPerMin").build();
    }

    private static Authentication subscribed(GatewayCredential credential) {
        return new Subscribed(InvocationCredentialKind.API_KEY, credential, credential.getSubscriptions().get(0));
    }

    private void policy(PolicyLevel level, String name, long perMinute) {
        state.onPolicy(ThrottleKeys.policyId("acme", level, name), GatewayPolicy.newBuilder().setName(name).setLevel(level)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(QuotaKind.REQUEST_COUNT).setLimit(perMinute)
                        .setUnitMillis(60_000).build()).build());
    }

    private void unlimited(PolicyLevel level, String name) {
        policy(level, name, Integer.MAX_VALUE);
    }
}
