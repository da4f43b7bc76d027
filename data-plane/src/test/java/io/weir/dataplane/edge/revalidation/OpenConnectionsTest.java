package io.weir.dataplane.edge.revalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.auth.SignedTokens;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.gateway.GatewayCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry with real event loops and the real {@link Authenticator}, fed as the state feeds would. */
class OpenConnectionsTest {

    private final Vertx vertx = Vertx.vertx();
    private final GatewayState state = new GatewayState("production");
    private final Authenticator authenticator = new Authenticator(state, null);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OpenConnections connections = new OpenConnections(state, new ConnectionCheck(state, authenticator), null, meters);
    /** Connection name → the code it was ended with, and the event loop thread it was ended on. */
    private final Map<String, String> ended = new ConcurrentHashMap<>();
    private final Map<String, String> endedOn = new ConcurrentHashMap<>();
    private final Map<String, String> openedOn = new ConcurrentHashMap<>();

    @BeforeEach
    void deploy() {
        state.onApi("production/orders", GatewayRecords.api("orders", "/orders", "1", List.of()));
        state.onApi("production/prices", GatewayRecords.api("prices", "/prices", "1", List.of()));
        state.onCredential(CredentialKeys.forApiKey("alice"), GatewayRecords.credential("app-alice", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE),
                GatewayRecords.subscription("prices", SubscriptionStatus.ACTIVE)));
        state.onCredential(CredentialKeys.forApiKey("bob"), GatewayRecords.credential("app-bob", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE)));
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private GuardedConnection open(String name, String apiId, String apiKey) {
        CompletableFuture<GuardedConnection> opened = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            GatewayApi api = state.routes().byApiId(apiId).api();
            AuthScheme scheme = apiKey == null ? AuthScheme.NONE : AuthScheme.API_KEY;
            Presented presented = new Presented(apiKey, null);
            Authentication caller = authenticator.authenticate(api, scheme, presented, System.currentTimeMillis());
            assertThat(caller).isNotInstanceOf(Authentication.Refused.class);
            openedOn.put(name, Thread.currentThread().getName());
            opened.complete(connections.guard(api, scheme, presented, caller, revocation -> {
                endedOn.put(name, Thread.currentThread().getName());
                ended.put(name, revocation.code());
            }));
        });
        return opened.join();
    }

    /** Runs after every task already queued on the connection's event loop (re-checks included). */
    private static void drained(GuardedConnection connection) {
        CompletableFuture<Void> after = new CompletableFuture<>();
        connection.context().runOnContext(v -> after.complete(null));
        after.join();
    }

    private void awaitEnded(String name, String code) {
        await().alias(name + " ended with " + code).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(ended).containsEntry(name, code));
        assertThat(endedOn.get(name)).as("ended on its own event loop").isEqualTo(openedOn.get(name));
    }

    @Test
    void aRevokedKeyEndsOnlyItsOwnConnections() {
        open("alice-orders", "orders", "alice");
        open("alice-prices", "prices", "alice");
        GuardedConnection bob = open("bob-orders", "orders", "bob");

        state.onCredential(CredentialKeys.forApiKey("alice"), null);

        awaitEnded("alice-orders", "credential-revoked");
        awaitEnded("alice-prices", "credential-revoked");
        drained(bob);
        assertThat(ended).doesNotContainKey("bob-orders");
        assertThat(meters.get("weir.gateway.connections.guarded").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("weir.gateway.connections.revoked").tag("code", "credential-revoked").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void aCredentialStatusOtherThanActiveEndsWithItsRefusalCode() {
        open("alice-orders", "orders", "alice");
        state.onCredential(CredentialKeys.forApiKey("alice"), GatewayRecords.credential("app-alice", CredentialStatus.REVOKED));
        awaitEnded("alice-orders", "credential-revoked");
    }

    @Test
    void aBlockedOrRemovedSubscriptionEndsTheConnectionsToThatApiOnly() {
        open("alice-orders", "orders", "alice");
        open("alice-prices", "prices", "alice");
        open("bob-orders", "orders", "bob");

        state.onCredential(CredentialKeys.forApiKey("alice"), GatewayRecords.credential("app-alice", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.BLOCKED),
                GatewayRecords.subscription("prices", SubscriptionStatus.ACTIVE)));
        awaitEnded("alice-orders", "subscription-blocked");

        state.onCredential(CredentialKeys.forApiKey("bob"), GatewayRecords.credential("app-bob", CredentialStatus.ACTIVE));
        awaitEnded("bob-orders", "not-subscribed");
        assertThat(ended).doesNotContainKey("alice-prices");
    }

    @Test
    void anUndeployedOrBlockedApiEndsItsConnectionsAnonymousOnesToo() {
        open("alice-orders", "orders", "alice");
        open("anonymous-orders", "orders", null);
        open("alice-prices", "prices", "alice");

        state.onApi("production/orders", null);
        awaitEnded("alice-orders", "api-unavailable");
        awaitEnded("anonymous-orders", "api-unavailable");

        GatewayApi blocked = GatewayRecords.api("prices", "/prices", "1", List.of());
        blocked.setLifecycleStatus(LifecycleStatus.BLOCKED);
        state.onApi("production/prices", blocked);
        awaitEnded("alice-prices", "api-unavailable");
    }

    @Test
    void aRedeployThatStillAdmitsTheCallerKeepsItsConnection() {
        GuardedConnection connection = open("alice-orders", "orders", "alice");
        GatewayApi redeployed = GatewayRecords.api("orders", "/orders", "1", List.of());
        redeployed.setRevision(2);
        state.onApi("production/orders", redeployed);
        state.onCredential(CredentialKeys.forApiKey("alice"), GatewayRecords.credential("app-alice", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE)));
        drained(connection);
        assertThat(ended).isEmpty();
        assertThat(meters.get("weir.gateway.connections.guarded").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aReleasedConnectionIsNotEndedAgain() {
        GuardedConnection connection = open("alice-orders", "orders", "alice");
        CompletableFuture<Void> released = new CompletableFuture<>();
        connection.context().runOnContext(v -> {
            connection.release();
            released.complete(null);
        });
        released.join();
        assertThat(meters.get("weir.gateway.connections.guarded").gauge().value()).isZero();
        state.onCredential(CredentialKeys.forApiKey("alice"), null);
        drained(connection);
        assertThat(ended).isEmpty();
    }

    @Test
    void aTokenConnectionEndsAtTheTokensExpiryAndWithItsOAuthClientsCredential() throws Exception {
        SignedTokens signed = new SignedTokens();
        Authenticator byToken = new Authenticator(state, signed.accessTokens());
        OpenConnections guarded = new OpenConnections(state, new ConnectionCheck(state, byToken), signed.accessTokens(), meters);
        for (String client : List.of("client-1", "client-2")) {
            state.onCredential(CredentialKeys.forOAuthClient(client), GatewayRecords.credential("app-" + client,
                    CredentialStatus.ACTIVE, GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE)));
        }
        long expiresAtSeconds = System.currentTimeMillis() / 1000 + 2;
        String expiring = signed.token("client-1", expiresAtSeconds);
        String lasting = signed.token("client-2", expiresAtSeconds + 3600);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            GatewayApi api = state.routes().byApiId("orders").api();
            for (String name : List.of("expiring", "lasting")) {
                Presented presented = new Presented(null, "Bearer " + (name.equals("expiring") ? expiring : lasting));
                Authentication caller = byToken.authenticate(api, AuthScheme.OAUTH2, presented, System.currentTimeMillis());
                assertThat(caller).isInstanceOf(Authentication.Subscribed.class);
                openedOn.put(name, Thread.currentThread().getName());
                guarded.guard(api, AuthScheme.OAUTH2, presented, caller, revocation -> {
                    endedOn.put(name, Thread.currentThread().getName());
                    ended.put(name, revocation.code());
                });
            }
            opened.complete(null);
        });
        opened.join();

        awaitEnded("expiring", "token-expired");
        assertThat(System.currentTimeMillis()).as("not before the token's exp").isGreaterThanOrEqualTo(expiresAtSeconds * 1000);
        assertThat(ended).doesNotContainKey("lasting");

        state.onCredential(CredentialKeys.forOAuthClient("client-2"), null); // indexed by its OAuth client's credential
        awaitEnded("lasting", "credential-revoked");
    }

    @Test
    void aCredentialThatExpiresWhileTheConnectionIsOpenEndsItAtItsExpiry() {
        GatewayCredential expiring = GatewayRecords.credential("app-alice", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE));
        long expiresAt = System.currentTimeMillis() + 400;
        expiring.setExpiresAt(Instant.ofEpochMilli(expiresAt));
        state.onCredential(CredentialKeys.forApiKey("carol"), expiring);
        open("carol-orders", "orders", "carol");

        awaitEnded("carol-orders", "credential-expired");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAt);
    }

    @Test
    void aRenewedCredentialIsReCheckedAtItsNewExpiryNotTheOld() {
        GatewayCredential expiring = GatewayRecords.credential("app-alice", CredentialStatus.ACTIVE,
                GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE));
        expiring.setExpiresAt(Instant.now().plusMillis(300));
        state.onCredential(CredentialKeys.forApiKey("carol"), expiring);
        GuardedConnection connection = open("carol-orders", "orders", "carol");
        drained(connection);

        GatewayCredential renewed = GatewayCredential.newBuilder(expiring).setExpiresAt(Instant.now().plusSeconds(3600)).build();
        state.onCredential(CredentialKeys.forApiKey("carol"), renewed);
        drained(connection);
        CompletableFuture<Void> pastTheOldExpiry = new CompletableFuture<>();
        vertx.setTimer(600, t -> pastTheOldExpiry.complete(null));
        pastTheOldExpiry.join();
        drained(connection);
        assertThat(ended).doesNotContainKey("carol-orders");
    }

    /**
     * 10,000 open connections on four event loops, one key each: revoking one key re-checks and
     * ends exactly its connection; undeploying the API re-checks and ends all of them.
     */
    @Test
    void tenThousandConnectionsOnlyTheChangedOnesAreReChecked() {
        int count = 10_000;
        List<io.vertx.core.Context> loops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext(),
                vertx.getOrCreateContext(), vertx.getOrCreateContext());
        for (int i = 0; i < count; i++) {
            state.onCredential(CredentialKeys.forApiKey("key-" + i), GatewayRecords.credential("app-" + i, CredentialStatus.ACTIVE,
                    GatewayRecords.subscription("orders", SubscriptionStatus.ACTIVE)));
        }
        GatewayApi api = state.routes().byApiId("orders").api();
        List<CompletableFuture<GuardedConnection>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "c" + i;
            Presented presented = new Presented("key-" + i, null);
            CompletableFuture<GuardedConnection> guarded = new CompletableFuture<>();
            opened.add(guarded);
            loops.get(i % loops.size()).runOnContext(v -> guarded.complete(connections.guard(api, AuthScheme.API_KEY, presented,
                    authenticator.authenticate(api, AuthScheme.API_KEY, presented, System.currentTimeMillis()),
                    revocation -> ended.put(name, revocation.code()))));
        }
        opened.forEach(CompletableFuture::join);
        await().alias("every connection registered").atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("weir.gateway.connections.guarded").gauge().value() == count);

        long revoking = System.nanoTime();
        state.onCredential(CredentialKeys.forApiKey("key-4242"), null);
        awaitEnded("c4242", "credential-revoked");
        long revokeMicros = (System.nanoTime() - revoking) / 1000;
        assertThat(ended).hasSize(1);

        long undeploying = System.nanoTime();
        state.onApi("production/orders", null);
        await().alias("every connection ended").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> ended.size() == count);
        long undeployMillis = (System.nanoTime() - undeploying) / 1_000_000;
        assertThat(ended.values()).filteredOn("api-unavailable"::equals).hasSize(count - 1);
        assertThat(meters.get("weir.gateway.connections.guarded").gauge().value()).isZero();
        System.out.printf("%d open connections: one key revoked -> its connection ended in %d us; the API undeployed -> all ended in %d ms%n",
                count, revokeMicros, undeployMillis);
    }
}
