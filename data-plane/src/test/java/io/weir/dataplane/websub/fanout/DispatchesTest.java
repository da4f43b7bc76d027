package io.weir.dataplane.websub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.WebhookDispatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchesTest {

    private final Content content = new Content("api-1", "orders", "{}".getBytes(StandardCharsets.UTF_8), "application/json",
            1_000_000, "weir.webhook.published/2/41");

    @Test
    void onlySubscriptionsVerifiedBeforeTheContentAndStillLeasedReceiveIt() {
        List<WebhookDispatch> dispatches = Dispatches.of(content, List.of(
                subscription("verified-before", 999_000, 2_000_000),
                subscription("verified-at", 1_000_000, 2_000_000),
                subscription("verified-after", 1_000_001, 2_000_000),
                subscription("lease-over", 500_000, 1_000_000)));
        assertThat(dispatches).extracting(WebhookDispatch::getSubscriptionId).containsExactly("verified-before", "verified-at");
        assertThat(dispatches.get(0).getSource()).isEqualTo("weir.webhook.published/2/41");
        assertThat(dispatches.get(0).getPublishedAt()).isEqualTo(Instant.ofEpochMilli(1_000_000));
    }

    @Test
    void deliveryIdsAreTheSameWhenTheSameRecordIsFannedOutAgain() {
        String first = Dispatches.of(content, List.of(subscription("s", 0, 2_000_000))).get(0).getDeliveryId();
        String again = Dispatches.of(content, List.of(subscription("s", 0, 2_000_000))).get(0).getDeliveryId();
        assertThat(again).isEqualTo(first);
        assertThat(Dispatches.deliveryId("s", "weir.webhook.published/2/42")).isNotEqualTo(first);
        assertThat(Dispatches.deliveryId("t", "weir.webhook.published/2/41")).isNotEqualTo(first);
    }

    private static GatewayWebhookSubscription subscription(String id, long verifiedAt, long leaseEnd) {
        return GatewayWebhookSubscription.newBuilder().setSubscriptionId(id).setEnvironment("production").setApiId("api-1")
                .setOrganization("acme").setTopic("orders").setCallbackUrl("https://example.com/" + id)
                .setVerifiedAt(Instant.ofEpochMilli(verifiedAt)).setLeaseExpiresAt(Instant.ofEpochMilli(leaseEnd))
                .setVersion(2).build();
    }
}
