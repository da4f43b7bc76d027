package io.weir.processors.gateway;

import static io.weir.processors.gateway.GatewayFixtures.application;
import static io.weir.processors.gateway.GatewayFixtures.subscription;
import static io.weir.processors.gateway.GatewayFixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.SubscriptionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The credentials of one application, as a pure function of its views. */
class ApplicationCredentialsTest {

    @Test
    void aThousandSubscriptionsReachEveryOneOfAHundredKeysInSubscriptionOrder() {
        ApplicationView app = application("big");
        for (int k = 0; k < 100; k++) {
            app = withKey(app, "k" + k, String.format("%064X", k), null);
        }
        List<SubscriptionView> subscriptions = new ArrayList<>();
        for (int s = 999; s >= 0; s--) {
            subscriptions.add(subscription(String.format("sub-%04d", s), "big", "api-" + s, "Gold",
                    s % 2 == 0 ? SubscriptionStatus.ACTIVE : SubscriptionStatus.PRODUCTION_BLOCKED));
        }

        Map<String, GatewayCredential> credentials = ApplicationCredentials.of(app, subscriptions);

        assertThat(credentials).hasSize(100);
        assertThat(credentials.keySet()).allMatch(key -> key.matches("[0-9a-f]{64}"));
        assertThat(credentials.values()).allSatisfy(credential -> {
            assertThat(credential.getSubscriptions()).hasSize(1000);
            assertThat(credential.getSubscriptions().get(0).getSubscriptionId()).isEqualTo("sub-0000");
            assertThat(credential.getSubscriptions().get(1).getStatus()).isEqualTo(SubscriptionStatus.PRODUCTION_BLOCKED);
        });
    }

    @Test
    void subscriptionsOfAnotherApplicationOrDeletedOnesAreNotCarried() {
        ApplicationView app = withKey(application("app"), "k1", "e".repeat(64), null);

        Map<String, GatewayCredential> credentials = ApplicationCredentials.of(app, List.of(
                subscription("mine", "app", "pets", "Gold", SubscriptionStatus.ACTIVE),
                subscription("theirs", "app/other", "pets", "Gold", SubscriptionStatus.ACTIVE),
                SubscriptionView.newBuilder(subscription("gone", "app", "cats", "Gold", SubscriptionStatus.ACTIVE))
                        .setDeleted(true).build()));

        assertThat(credentials.get("e".repeat(64)).getSubscriptions()).extracting(GatewaySubscription::getSubscriptionId)
                .containsExactly("mine");
    }

    @Test
    void aDeletedApplicationHasNoCredentials() {
        ApplicationView app = withKey(application("app"), "k1", "e".repeat(64), null);

        assertThat(ApplicationCredentials.of(ApplicationView.newBuilder(app).setDeleted(true).build(), List.of()))
                .isEmpty();
        assertThat(ApplicationCredentials.of(null, List.of())).isEmpty();
    }
}
