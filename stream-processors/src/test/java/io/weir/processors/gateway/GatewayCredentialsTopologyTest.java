package io.weir.processors.gateway;

import static io.weir.processors.gateway.GatewayFixtures.SERDES;
import static io.weir.processors.gateway.GatewayFixtures.T0;
import static io.weir.processors.gateway.GatewayFixtures.application;
import static io.weir.processors.gateway.GatewayFixtures.clientRevoked;
import static io.weir.processors.gateway.GatewayFixtures.keyRevoked;
import static io.weir.processors.gateway.GatewayFixtures.subscription;
import static io.weir.processors.gateway.GatewayFixtures.withClient;
import static io.weir.processors.gateway.GatewayFixtures.withKey;
import static io.weir.schema.subscription.SubscriptionStatus.ACTIVE;
import static io.weir.schema.subscription.SubscriptionStatus.BLOCKED;
import static io.weir.schema.subscription.SubscriptionStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.projection.ViewChanges;
import io.weir.schema.application.KeyType;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.CredentialKind;
import io.weir.schema.gateway.CredentialStatus;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.SubscriptionView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** weir.view.applications and weir.view.subscriptions in, weir.gateway.credentials out. */
class GatewayCredentialsTopologyTest {

    private static final String KEY_1 = "a".repeat(64);
    private static final String KEY_2 = "b".repeat(64);

    private TopologyTestDriver driver;
    private TestInputTopic<String, ApplicationView> applications;
    private TestInputTopic<String, SubscriptionView> subscriptions;
    private TestOutputTopic<String, GatewayCredential> gateway;

    @BeforeEach
    void start() {
        TopicNaming naming = TopicNaming.defaults();
        StreamsBuilder builder = new StreamsBuilder();
        new GatewayCredentialsTopology(naming, SERDES).build(builder, ViewChanges.fromViewTopics(builder, naming, SERDES,
                AggregateType.APPLICATION, AggregateType.SUBSCRIPTION));
        driver = GatewayFixtures.driver(builder);
        applications = driver.createInputTopic(naming.name(Topics.VIEW_APPLICATIONS), Serdes.String().serializer(),
                SERDES.of(ApplicationView.class).serializer());
        subscriptions = driver.createInputTopic(naming.name(Topics.VIEW_SUBSCRIPTIONS), Serdes.String().serializer(),
                SERDES.of(SubscriptionView.class).serializer());
        gateway = driver.createOutputTopic(naming.name(Topics.GATEWAY_CREDENTIALS), Serdes.String().deserializer(),
                SERDES.of(GatewayCredential.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachLiveKeyAndClientCarriesItsApplicationAndAllItsSubscriptions() {
        subscriptions.pipeInput("sub-2", subscription("sub-2", "app", "cats", "Silver", PENDING));
        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Gold", ACTIVE));
        subscriptions.pipeInput("sub-x", subscription("sub-x", "other-app", "pets", "Gold", ACTIVE));

        applications.pipeInput("app", withClient(withKey(application("app"), "k1", KEY_1.toUpperCase(), "production"),
                "client-1"));

        Map<String, GatewayCredential> out = gateway.readKeyValuesToMap();
        assertThat(out).containsOnlyKeys(KEY_1, "oauth:client-1");
        GatewayCredential key = out.get(KEY_1);
        assertThat(key.getCredentialKind()).isEqualTo(CredentialKind.API_KEY);
        assertThat(key.getApplicationId()).isEqualTo("app");
        assertThat(key.getApplicationName()).isEqualTo("Mobile app");
        assertThat(key.getOrganization()).isEqualTo("acme");
        assertThat(key.getApplicationTier()).isEqualTo("50PerMin");
        assertThat(key.getKeyType()).isEqualTo(KeyType.PRODUCTION);
        assertThat(key.getEnvironment()).isEqualTo("production");
        assertThat(key.getStatus()).isEqualTo(CredentialStatus.ACTIVE);
        assertThat(key.getExpiresAt()).isEqualTo(T0.plusSeconds(86_400));
        assertThat(key.getSubscriptions()).containsExactly(
                new GatewaySubscription("sub-1", "pets", "Gold", ACTIVE),
                new GatewaySubscription("sub-2", "cats", "Silver", PENDING));
        GatewayCredential client = out.get("oauth:client-1");
        assertThat(client.getCredentialKind()).isEqualTo(CredentialKind.OAUTH_CLIENT);
        assertThat(client.getKeyType()).isEqualTo(KeyType.SANDBOX);
        assertThat(client.getEnvironment()).isNull();
        assertThat(client.getSubscriptions()).isEqualTo(key.getSubscriptions());
    }

    @Test
    void aRevokedKeyIsTombstonedAndTheOtherKeysAreLeftAlone() {
        ApplicationView twoKeys = withKey(withKey(application("app"), "k1", KEY_1, null), "k2", KEY_2, null);
        applications.pipeInput("app", twoKeys);
        gateway.readKeyValuesToList();

        applications.pipeInput("app", keyRevoked(twoKeys, "k1"));

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair(KEY_1, null));
    }

    @Test
    void aRevokedOAuthClientIsTombstoned() {
        ApplicationView app = withClient(withKey(application("app"), "k1", KEY_1, null), "client-1");
        applications.pipeInput("app", app);
        gateway.readKeyValuesToList();

        applications.pipeInput("app", clientRevoked(app, "client-1"));

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair("oauth:client-1", null));
    }

    @Test
    void blockingAndUnblockingASubscriptionReEmitsEveryCredentialOfTheApplication() {
        applications.pipeInput("app", withClient(withKey(withKey(application("app"), "k1", KEY_1, null), "k2", KEY_2,
                null), "client-1"));
        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Gold", ACTIVE));
        gateway.readKeyValuesToList();

        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Gold", BLOCKED));

        Map<String, GatewayCredential> blocked = gateway.readKeyValuesToMap();
        assertThat(blocked).containsOnlyKeys(KEY_1, KEY_2, "oauth:client-1");
        assertThat(blocked.values()).allSatisfy(credential -> assertThat(credential.getSubscriptions())
                .containsExactly(new GatewaySubscription("sub-1", "pets", "Gold", BLOCKED)));

        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Gold", ACTIVE));

        assertThat(gateway.readKeyValuesToMap().values()).hasSize(3).allSatisfy(credential ->
                assertThat(credential.getSubscriptions()).extracting(GatewaySubscription::getStatus).containsExactly(ACTIVE));
    }

    @Test
    void aTierChangeAndADeletedSubscriptionReachTheCredentials() {
        applications.pipeInput("app", withKey(application("app"), "k1", KEY_1, null));
        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Gold", ACTIVE));
        subscriptions.pipeInput("sub-2", subscription("sub-2", "app", "cats", "Gold", ACTIVE));
        gateway.readKeyValuesToList();

        subscriptions.pipeInput("sub-1", subscription("sub-1", "app", "pets", "Bronze", ACTIVE));
        assertThat(gateway.readValue().getSubscriptions()).extracting(GatewaySubscription::getTier)
                .containsExactly("Bronze", "Gold");

        subscriptions.pipeInput("sub-2", (SubscriptionView) null);
        assertThat(gateway.readValue().getSubscriptions()).extracting(GatewaySubscription::getSubscriptionId)
                .containsExactly("sub-1");
        assertThat(gateway.isEmpty()).isTrue();
    }

    @Test
    void aDeletedApplicationTombstonesAllItsCredentials() {
        applications.pipeInput("app", withClient(withKey(withKey(application("app"), "k1", KEY_1, null), "k2", KEY_2,
                null), "client-1"));
        applications.pipeInput("other", withKey(application("other"), "k9", "c".repeat(64), null));
        gateway.readKeyValuesToList();

        applications.pipeInput("app", (ApplicationView) null);

        assertThat(gateway.readKeyValuesToList()).containsExactlyInAnyOrder(KeyValue.pair(KEY_1, null),
                KeyValue.pair(KEY_2, null), KeyValue.pair("oauth:client-1", null));
    }

    @Test
    void anApplicationUpdateThatTouchesNoCredentialFieldEmitsNothing() {
        ApplicationView app = withKey(application("app"), "k1", KEY_1, null);
        applications.pipeInput("app", app);
        gateway.readKeyValuesToList();

        applications.pipeInput("app", ApplicationView.newBuilder(app).setVersion(9).setDescription("new words").build());
        assertThat(gateway.isEmpty()).isTrue();

        applications.pipeInput("app", ApplicationView.newBuilder(app).setVersion(10).setTier("Unlimited").build());
        assertThat(gateway.readValue().getApplicationTier()).isEqualTo("Unlimited");
    }

    @Test
    void anApplicationWithManyKeysAndSubscriptionsGetsThemAll() {
        ApplicationView app = application("big");
        for (int k = 0; k < 25; k++) {
            app = withKey(app, "k" + k, String.format("%064x", k), null);
        }
        applications.pipeInput("big", app);
        for (int s = 0; s < 30; s++) {
            subscriptions.pipeInput("sub-" + s, subscription("sub-" + s, "big", "api-" + s, "Gold", ACTIVE));
        }
        Map<String, GatewayCredential> latest = new HashMap<>(gateway.readKeyValuesToMap());

        subscriptions.pipeInput("sub-7", subscription("sub-7", "big", "api-7", "Gold", BLOCKED));
        latest.putAll(gateway.readKeyValuesToMap());

        assertThat(latest).hasSize(25);
        assertThat(latest.values()).allSatisfy(credential -> {
            assertThat(credential.getSubscriptions()).hasSize(30);
            assertThat(credential.getSubscriptions()).filteredOn(s -> s.getStatus() == BLOCKED)
                    .extracting(GatewaySubscription::getSubscriptionId).containsExactly("sub-7");
        });
        List<String> keys = List.copyOf(latest.keySet());
        assertThat(keys).allMatch(key -> key.matches("[0-9a-f]{64}"));
    }
}
