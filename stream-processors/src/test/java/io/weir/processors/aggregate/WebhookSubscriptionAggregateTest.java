package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.NOW;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.WebhookSamples.API_ID;
import static io.weir.processors.aggregate.WebhookSamples.CALLBACK;
import static io.weir.processors.aggregate.WebhookSamples.ENVIRONMENT;
import static io.weir.processors.aggregate.WebhookSamples.LEASE;
import static io.weir.processors.aggregate.WebhookSamples.SUBSCRIPTION_ID;
import static io.weir.processors.aggregate.WebhookSamples.TOPIC;
import static io.weir.processors.aggregate.WebhookSamples.request;
import static io.weir.processors.aggregate.WebhookSamples.requested;
import static io.weir.processors.aggregate.WebhookSamples.secret;
import static io.weir.processors.aggregate.WebhookSamples.verified;
import static io.weir.processors.aggregate.WebhookSamples.verify;
import static io.weir.processors.aggregate.WebhookSamples.websubApi;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.ILLEGAL_LIFECYCLE_TRANSITION;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.LEASE_INVALID;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.ACTIVE;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.CANCELLED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.DISABLED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.EXPIRED;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.ApiType;
import io.weir.schema.application.KeyType;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.ExpireWebhookSubscription;
import io.weir.schema.webhook.RenewWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionCancelled;
import io.weir.schema.webhook.WebhookSubscriptionDisabled;
import io.weir.schema.webhook.WebhookSubscriptionExpired;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import io.weir.schema.webhook.WebhookSubscriptionRenewed;
import io.weir.schema.webhook.WebhookSubscriptionRequested;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WebSub subscription's rules as given(events) / when(command) / then(events | rejection). */
class WebhookSubscriptionAggregateTest {

    private static final long TWO_DAYS = Duration.ofDays(2).toSeconds();

    private static AggregateScenario<WebhookSubscriptionView> subscription() {
        return subscription(SUBSCRIPTION_ID);
    }

    private static AggregateScenario<WebhookSubscriptionView> subscription(String id) {
        AggregateScenario<WebhookSubscriptionView> scenario = AggregateScenario.scenario(new WebhookSubscriptionAggregate(), id);
        scenario.context().withApi(websubApi());
        return scenario;
    }

    /** Requested (event 1) and verified at event 2 for an hour: ACTIVE, the lease over by NOW. */
    private static Object[] active() {
        return new Object[] {requested(), verified(at(2), LEASE)};
    }

    // --- The subscriber's throttling fields ----------------------------------------------------

    @Test
    void theSubscribersApiSubscriptionAndTiersBecomeCurrentWhenVerified() {
        AggregateScenario<WebhookSubscriptionView> scenario = subscription().when(request()).thenEvents(requested());
        assertThat(scenario.state().getApiSubscriptionId()).isEqualTo("sub-1");

        WebhookSubscriptionView view = scenario.when(verify(NOW, LEASE)).thenEvents(verified(NOW, LEASE)).state();
        assertThat(view.getStatus()).isEqualTo(ACTIVE);
        assertThat(view.getApplicationId()).isEqualTo("app-1");
        assertThat(view.getApiSubscriptionId()).isEqualTo("sub-1");
        assertThat(view.getSubscriptionTier()).isEqualTo("Gold");
        assertThat(view.getApplicationTier()).isEqualTo("Unlimited");
        assertThat(view.getKeyType()).isEqualTo(KeyType.PRODUCTION);
    }

    @Test
    void aResubscribeUnderAnotherTierKeepsTheVerifiedTierUntilItIsVerified() {
        RequestWebhookSubscription bronze = RequestWebhookSubscription.newBuilder(request()).setSubscriptionTier("Bronze")
                .setKeyType(KeyType.SANDBOX).build();
        WebhookSubscriptionRequested bronzeRequested = WebhookSubscriptionRequested.newBuilder(requested())
                .setSubscriptionTier("Bronze").setKeyType(KeyType.SANDBOX).build();
        AggregateScenario<WebhookSubscriptionView> scenario = subscription().given(active()).when(bronze)
                .thenEvents(bronzeRequested);
        assertThat(scenario.state().getSubscriptionTier()).as("deliveries still charged on the verified tier").isEqualTo("Gold");
        assertThat(scenario.state().getPendingRequest().getSubscriptionTier()).isEqualTo("Bronze");

        WebhookSubscriptionView view = scenario.when(verify(NOW, LEASE)).thenEvents(verified(NOW, LEASE)).state();
        assertThat(view.getSubscriptionTier()).isEqualTo("Bronze");
        assertThat(view.getKeyType()).isEqualTo(KeyType.SANDBOX);
        assertThat(view.getPendingRequest()).isNull();
    }

    @Test
    void theSameRequestUnderAnotherTierIsANewRequest() {
        RequestWebhookSubscription silver = RequestWebhookSubscription.newBuilder(request()).setSubscriptionTier("Silver").build();
        subscription().given(requested()).when(silver)
                .thenEvents(WebhookSubscriptionRequested.newBuilder(requested()).setSubscriptionTier("Silver").build());
    }

    @Test
    void blankThrottlingFieldsOrASubscriptionWithoutApplicationAreRefused() {
        subscription().when(RequestWebhookSubscription.newBuilder(request()).setApiSubscriptionId(" ").build())
                .thenRejected(INVALID_COMMAND, "/payload/apiSubscriptionId");
        subscription().when(RequestWebhookSubscription.newBuilder(request()).setApplicationId(null).build())
                .thenRejected(INVALID_COMMAND, "/payload/apiSubscriptionId");
        subscription().when(RequestWebhookSubscription.newBuilder(request()).setSubscriptionTier("").build())
                .thenRejected(INVALID_COMMAND, "/payload/subscriptionTier");
        subscription().when(RequestWebhookSubscription.newBuilder(request()).setApplicationTier(" ").build())
                .thenRejected(INVALID_COMMAND, "/payload/applicationTier");
    }

    /** Events written before the fields existed read with them null: such a subscription has no tiers to charge. */
    @Test
    void aSubscriptionRequestedBeforeTheFieldsExistedHasNone() {
        WebhookSubscriptionRequested old = WebhookSubscriptionRequested.newBuilder(requested()).setApiSubscriptionId(null)
                .setSubscriptionTier(null).setApplicationTier(null).setKeyType(null).build();
        WebhookSubscriptionView view = subscription().given(old, verified(at(2), LEASE)).state();
        assertThat(view.getStatus()).isEqualTo(ACTIVE);
        assertThat(view.getApplicationId()).isEqualTo("app-1");
        assertThat(view.getApiSubscriptionId()).isNull();
        assertThat(view.getSubscriptionTier()).isNull();
        assertThat(view.getKeyType()).isNull();
    }

    // --- Request -------------------------------------------------------------------------------

    @Test
    void aRequestToAChannelOfTheDeployedRevisionIsPending() {
        AggregateScenario<WebhookSubscriptionView> scenario = subscription().when(request()).thenEvents(requested());

        WebhookSubscriptionView view = scenario.state();
        assertThat(view.getStatus()).isEqualTo(PENDING);
        assertThat(view.getEnvironment()).isEqualTo(ENVIRONMENT);
        assertThat(view.getCallbackUrl()).isEqualTo(CALLBACK);
        assertThat(view.getEncryptedSecret()).isEqualTo(secret("s1"));
        assertThat(view.getVerifiedAt()).isNull();
        assertThat(view.getLeaseExpiresAt()).isNull();
    }

    @Test
    void aStreamApiTakesWebhookSubscriptionsToo() {
        AggregateScenario<WebhookSubscriptionView> scenario = subscription();
        scenario.context().withApi(WebhookSamples.api(AggregateScenario.ORGANIZATION, ApiType.STREAM));

        scenario.when(request()).thenEvents(requested());
    }

    @Test
    void anHttpApiTakesNoWebhookSubscriptions() {
        AggregateScenario<WebhookSubscriptionView> scenario = subscription();
        scenario.context().withApi(WebhookSamples.api(AggregateScenario.ORGANIZATION, ApiType.HTTP));

        scenario.when(request()).thenRejected(INVALID_COMMAND, "/payload/apiId");
    }

    @Test
    void anUnknownOrDeletedApiIsNotFound() {
        String unknown = WebhookSubscriptionIds.of(ENVIRONMENT, "nope", TOPIC, CALLBACK);
        RequestWebhookSubscription toUnknown = request();
        toUnknown.setApiId("nope");
        subscription(unknown).when(toUnknown).thenRejected(NOT_FOUND, "/payload/apiId");

        AggregateScenario<WebhookSubscriptionView> deleted = subscription();
        deleted.context().withApi(ApiView.newBuilder(websubApi()).setDeleted(true).build());
        deleted.when(request()).thenRejected(NOT_FOUND, "/payload/apiId");
    }

    /** The gateway sends the command in the API's organization; one in another organization finds no API. */
    @Test
    void anotherOrganizationsApiIsNotFound() {
        AggregateScenario<WebhookSubscriptionView> scenario = subscription();
        scenario.context().withApi(WebhookSamples.api("globex", ApiType.WEBSUB));

        scenario.when(request()).thenRejected(NOT_FOUND, "/payload/apiId");
    }

    @Test
    void anEnvironmentTheApiIsNotDeployedToIsNotFound() {
        RequestWebhookSubscription toSandbox = request();
        toSandbox.setEnvironment("sandbox");

        subscription(WebhookSubscriptionIds.of("sandbox", API_ID, TOPIC, CALLBACK)).when(toSandbox)
                .thenRejected(NOT_FOUND, "/payload/environment");
    }

    @Test
    void aTopicOnlyInTheWorkingCopyIsNotAChannel() {
        RequestWebhookSubscription toDrafts = request();
        toDrafts.setTopic("drafts");

        subscription(WebhookSubscriptionIds.of(ENVIRONMENT, API_ID, "drafts", CALLBACK)).when(toDrafts)
                .thenRejected(NOT_FOUND, "/payload/topic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://subscriber.example.com/hook", "/hooks/orders", "https://", "not a url", "mailto:a@b.c",
            "javascript:alert(1)"})
    void aCallbackMustBeAnAbsoluteHttpUrl(String callback) {
        RequestWebhookSubscription bad = request();
        bad.setCallbackUrl(callback);

        subscription(WebhookSubscriptionIds.of(ENVIRONMENT, API_ID, TOPIC, callback)).when(bad)
                .thenRejected(INVALID_COMMAND, "/payload/callbackUrl");
    }

    @Test
    void anOverlongCallbackIsRefused() {
        RequestWebhookSubscription bad = request();
        bad.setCallbackUrl("https://subscriber.example.com/" + "a".repeat(2048));

        subscription(WebhookSubscriptionIds.of(ENVIRONMENT, API_ID, TOPIC, bad.getCallbackUrl())).when(bad)
                .thenRejected(INVALID_COMMAND, "/payload/callbackUrl");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 864_001, Integer.MAX_VALUE})
    void aLeaseOutsideOneSecondToTenDaysIsRefused(int leaseSeconds) {
        subscription().when(request("s1", leaseSeconds)).thenRejected(LEASE_INVALID, "/payload/leaseSeconds");
    }

    @Test
    void theLongestLeaseIsTenDays() {
        subscription().when(request("s1", 864_000)).thenEvents(requested("s1", 864_000));
    }

    @Test
    void theIdMustBeTheOneDerivedFromEnvironmentApiTopicAndCallback() {
        subscription("wh-chosen-by-the-caller").when(request()).thenRejected(INVALID_COMMAND, "/aggregateId");
    }

    @Test
    void anEncryptedSecretNeedsItsKeyIdAndBlankFieldsAreRefused() {
        RequestWebhookSubscription noKey = request();
        noKey.setKeyId(null);
        subscription().when(noKey).thenRejected(INVALID_COMMAND, "/payload/keyId");

        RequestWebhookSubscription blankTopic = request();
        blankTopic.setTopic(" ");
        subscription(WebhookSubscriptionIds.of(ENVIRONMENT, API_ID, " ", CALLBACK)).when(blankTopic)
                .thenRejected(INVALID_COMMAND, "/payload/topic");
    }

    @Test
    void anUnsignedSubscriptionHasNoSecret() {
        RequestWebhookSubscription unsigned = request();
        unsigned.setEncryptedSecret(null);
        unsigned.setKeyId(null);

        WebhookSubscriptionRequested expected = requested();
        expected.setEncryptedSecret(null);
        expected.setKeyId(null);

        assertThat(subscription().when(unsigned).thenEvents(expected).state().getEncryptedSecret()).isNull();
    }

    @Test
    void theSameRequestRepeatedWhilePendingIsAlreadyThere() {
        subscription().given(requested()).when(request()).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void anotherRequestWhilePendingReplacesTheOneAwaitingVerification() {
        AggregateScenario<WebhookSubscriptionView> scenario =
                subscription().given(requested()).when(request("s2", 7200)).thenEvents(requested("s2", 7200));

        assertThat(scenario.state().getStatus()).isEqualTo(PENDING);
        assertThat(scenario.state().getEncryptedSecret()).isEqualTo(secret("s2"));
        assertThat(scenario.state().getLeaseSeconds()).isEqualTo(7200);
    }

    /** WebSub re-subscribe: deliveries go on with the old secret until the new request is verified. */
    @Test
    void aResubscribeKeepsTheActiveSecretUntilVerified() {
        AggregateScenario<WebhookSubscriptionView> scenario =
                subscription().given(active()).when(request("s2", 7200)).thenEvents(requested("s2", 7200));
        WebhookSubscriptionView waiting = scenario.state();
        assertThat(waiting.getStatus()).isEqualTo(ACTIVE);
        assertThat(waiting.getEncryptedSecret()).isEqualTo(secret("s1"));
        assertThat(waiting.getLeaseExpiresAt()).isEqualTo(at(2).plusSeconds(LEASE));
        assertThat(waiting.getPendingRequest().getEncryptedSecret()).isEqualTo(secret("s2"));

        scenario.when(verify(NOW, 7200)).thenEvents(verified(NOW, 7200));

        WebhookSubscriptionView current = scenario.state();
        assertThat(current.getStatus()).isEqualTo(ACTIVE);
        assertThat(current.getEncryptedSecret()).isEqualTo(secret("s2"));
        assertThat(current.getLeaseSeconds()).isEqualTo(7200);
        assertThat(current.getVerifiedAt()).isEqualTo(NOW);
        assertThat(current.getLeaseExpiresAt()).isEqualTo(NOW.plusSeconds(7200));
        assertThat(current.getPendingRequest()).isNull();
    }

    @Test
    void theSameResubscribeRepeatedWhileAwaitingVerificationIsAlreadyThere() {
        subscription().given(requested(), verified(at(2), LEASE), requested("s2", 7200))
                .when(request("s2", 7200)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void aRequestAfterTheSubscriptionEndedStartsOver() {
        for (Object end : List.of(new WebhookSubscriptionCancelled(API_ID, TOPIC, "bye"),
                new WebhookSubscriptionExpired(API_ID, TOPIC), new WebhookSubscriptionDisabled(API_ID, TOPIC, 10, "503"))) {
            AggregateScenario<WebhookSubscriptionView> scenario = subscription().given(active()).given(end);

            scenario.when(request("s2", LEASE)).thenEvents(requested("s2", LEASE));

            WebhookSubscriptionView view = scenario.state();
            assertThat(view.getStatus()).as("after %s", end.getClass().getSimpleName()).isEqualTo(PENDING);
            assertThat(view.getEncryptedSecret()).isEqualTo(secret("s2"));
            assertThat(view.getVerifiedAt()).isNull();
            assertThat(view.getLeaseExpiresAt()).isNull();
            assertThat(view.getEndReason()).isNull();
            assertThat(view.getCreatedAt()).isEqualTo(at(1));
        }
    }

    // --- Verify --------------------------------------------------------------------------------

    @Test
    void aVerifiedRequestIsActiveWithItsLease() {
        WebhookSubscriptionView view = subscription().given(requested()).when(verify(NOW, LEASE))
                .thenEvents(verified(NOW, LEASE)).state();

        assertThat(view.getStatus()).isEqualTo(ACTIVE);
        assertThat(view.getVerifiedAt()).isEqualTo(NOW);
        assertThat(view.getLeaseExpiresAt()).isEqualTo(NOW.plusSeconds(LEASE));
        assertThat(view.getEncryptedSecret()).isEqualTo(secret("s1"));
    }

    @Test
    void anActiveSubscriptionWithNothingAwaitingIsNotVerifiedAgain() {
        subscription().given(active()).when(verify(NOW, LEASE)).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    @Test
    void anEndedSubscriptionIsNotVerified() {
        subscription().given(requested(), new WebhookSubscriptionCancelled(API_ID, TOPIC, null))
                .when(verify(NOW, LEASE)).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    @Test
    void commandsOtherThanRequestNeedAnExistingSubscription() {
        subscription().when(verify(NOW, LEASE)).thenRejected(NOT_FOUND);
        subscription().when(new CancelWebhookSubscription(null)).thenRejected(NOT_FOUND);
    }

    @Test
    void theLeaseVerifiedIsAtMostTheOneRequestedAndEndsAfterVerification() {
        subscription().given(requested()).when(verify(NOW, LEASE + 1)).thenRejected(LEASE_INVALID, "/payload/leaseExpiresAt");
        subscription().given(requested()).when(verify(NOW, 0)).thenRejected(LEASE_INVALID, "/payload/leaseExpiresAt");
        subscription().given(requested()).when(verify(NOW, 60)).thenEvents(verified(NOW, 60));
    }

    // --- Renew ---------------------------------------------------------------------------------

    @Test
    void anActiveLeaseIsRenewed() {
        WebhookSubscriptionView view = subscription().given(active())
                .when(new RenewWebhookSubscription(NOW.plusSeconds(LEASE)))
                .thenEvents(new WebhookSubscriptionRenewed(API_ID, TOPIC, NOW.plusSeconds(LEASE))).state();

        assertThat(view.getLeaseExpiresAt()).isEqualTo(NOW.plusSeconds(LEASE));
        assertThat(view.getStatus()).isEqualTo(ACTIVE);
    }

    @Test
    void aRenewalMustExtendTheLeaseAndStayWithinTenDays() {
        subscription().given(active()).when(new RenewWebhookSubscription(at(2).plusSeconds(LEASE)))
                .thenRejected(LEASE_INVALID, "/payload/leaseExpiresAt");
        subscription().given(active()).when(new RenewWebhookSubscription(NOW.plus(Duration.ofDays(11))))
                .thenRejected(LEASE_INVALID, "/payload/leaseExpiresAt");
    }

    @Test
    void onlyAnActiveSubscriptionIsRenewed() {
        subscription().given(requested()).when(new RenewWebhookSubscription(NOW.plusSeconds(LEASE)))
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    // --- Expire --------------------------------------------------------------------------------

    @Test
    void anActiveSubscriptionWhoseLeaseRanOutExpires() {
        WebhookSubscriptionView view = subscription().given(active()).when(new ExpireWebhookSubscription())
                .thenEvents(new WebhookSubscriptionExpired(API_ID, TOPIC)).state();

        assertThat(view.getStatus()).isEqualTo(EXPIRED);
    }

    /** An Expire that raced a renewal arrives after it and finds the lease running: refused. */
    @Test
    void aSubscriptionDoesNotExpireBeforeItsLeaseEnds() {
        subscription().given(requested("s1", 864_000), verified(at(2), TWO_DAYS)).when(new ExpireWebhookSubscription())
                .thenRejected(LEASE_INVALID);
    }

    @Test
    void onlyAnActiveSubscriptionExpires() {
        subscription().given(requested()).when(new ExpireWebhookSubscription()).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
        subscription().given(active()).given(new WebhookSubscriptionExpired(API_ID, TOPIC))
                .when(new ExpireWebhookSubscription()).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    // --- Cancel --------------------------------------------------------------------------------

    @Test
    void aPendingOrActiveSubscriptionIsCancelled() {
        assertThat(subscription().given(requested()).when(new CancelWebhookSubscription("verification failed"))
                .thenEvents(new WebhookSubscriptionCancelled(API_ID, TOPIC, "verification failed")).state().getStatus())
                .isEqualTo(CANCELLED);
        WebhookSubscriptionView view = subscription().given(active()).given(requested("s2", LEASE))
                .when(new CancelWebhookSubscription("unsubscribed"))
                .thenEvents(new WebhookSubscriptionCancelled(API_ID, TOPIC, "unsubscribed")).state();
        assertThat(view.getStatus()).isEqualTo(CANCELLED);
        assertThat(view.getEndReason()).isEqualTo("unsubscribed");
        assertThat(view.getPendingRequest()).isNull();
    }

    @Test
    void anEndedSubscriptionIsNotCancelledAgain() {
        subscription().given(requested(), new WebhookSubscriptionCancelled(API_ID, TOPIC, null))
                .when(new CancelWebhookSubscription(null)).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
        subscription().given(active()).given(new WebhookSubscriptionDisabled(API_ID, TOPIC, 5, null))
                .when(new CancelWebhookSubscription(null)).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
    }

    // --- Disable -------------------------------------------------------------------------------

    @Test
    void anActiveSubscriptionIsDisabledAfterFailures() {
        WebhookSubscriptionView view = subscription().given(active())
                .when(new DisableWebhookSubscription(10, "HTTP 503"))
                .thenEvents(new WebhookSubscriptionDisabled(API_ID, TOPIC, 10, "HTTP 503")).state();

        assertThat(view.getStatus()).isEqualTo(DISABLED);
        assertThat(view.getEndReason()).contains("10 consecutive").contains("HTTP 503");
    }

    @Test
    void onlyAnActiveSubscriptionIsDisabledAndOnlyAfterAFailure() {
        subscription().given(requested()).when(new DisableWebhookSubscription(10, null))
                .thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
        subscription().given(active()).given(new WebhookSubscriptionDisabled(API_ID, TOPIC, 10, null))
                .when(new DisableWebhookSubscription(10, null)).thenRejected(ILLEGAL_LIFECYCLE_TRANSITION);
        subscription().given(active()).when(new DisableWebhookSubscription(0, null))
                .thenRejected(INVALID_COMMAND, "/payload/consecutiveFailures");
    }

    @Test
    void anotherAggregatesCommandIsInvalid() {
        subscription().given(requested()).when(new io.weir.schema.api.DeleteApi()).thenRejected(INVALID_COMMAND, "/payload");
    }
}
