package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.processors.aggregate.Samples.API_ID;
import static io.weir.processors.aggregate.Samples.APPLICATION_ID;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.API_NOT_PUBLISHED;
import static io.weir.schema.command.RejectionReason.APPLICATION_NOT_FOUND;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static io.weir.schema.command.RejectionReason.SUBSCRIPTION_BLOCKED;
import static io.weir.schema.command.RejectionReason.TIER_NOT_ALLOWED;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;
import static io.weir.schema.subscription.BlockScope.ALL;
import static io.weir.schema.subscription.BlockScope.PRODUCTION_ONLY;
import static io.weir.schema.subscription.SubscriptionStatus.ACTIVE;
import static io.weir.schema.subscription.SubscriptionStatus.BLOCKED;
import static io.weir.schema.subscription.SubscriptionStatus.PENDING;
import static io.weir.schema.subscription.SubscriptionStatus.PRODUCTION_BLOCKED;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.subscription.SubscriptionApproved;
import io.weir.schema.subscription.SubscriptionBlocked;
import io.weir.schema.subscription.SubscriptionCreated;
import io.weir.schema.subscription.SubscriptionDeleted;
import io.weir.schema.subscription.SubscriptionTierChanged;
import io.weir.schema.subscription.SubscriptionUnblocked;
import io.weir.schema.subscription.UnblockSubscription;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.SubscriptionView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SubscriptionAggregateTest {

    private static final SubscriptionCreated ACTIVE_GOLD = new SubscriptionCreated(APPLICATION_ID, API_ID, "Gold", ACTIVE);

    private AggregateScenario<SubscriptionView> subscription;

    @BeforeEach
    void publishedApiWithTiersAndAnApplication() {
        subscription = scenario(new SubscriptionAggregate(), "sub-1");
        subscription.context()
                .withApi(Samples.api(LifecycleStatus.PUBLISHED, "Gold", "Silver", "Platinum"))
                .withApplication(Samples.application())
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Gold"))
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Silver"))
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Bronze"))
                .withPolicy(Samples.policy(PolicyLevel.SUBSCRIPTION, "Platinum", true));
    }

    @Test
    void subscribesActiveUnderATierWithoutApproval() {
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Gold")).thenEvents(ACTIVE_GOLD);
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Gold")).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void aTierRequiringApprovalLeavesTheSubscriptionPending() {
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Platinum"))
                .thenEvents(new SubscriptionCreated(APPLICATION_ID, API_ID, "Platinum", PENDING));
        subscription.when(new ApproveSubscription("ok")).thenEvents(new SubscriptionApproved(APPLICATION_ID, API_ID, "ok"));

        assertThat(subscription.state().getStatus()).isEqualTo(ACTIVE);
        subscription.when(new ApproveSubscription(null)).thenRejected(INVALID_COMMAND);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleStatus.class, names = {"CREATED", "DEPRECATED", "RETIRED", "BLOCKED"})
    void onlyAPublishedApiTakesNewSubscriptions(LifecycleStatus status) {
        subscription.context().withApi(Samples.api(status, "Gold"));

        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Gold")).thenRejected(API_NOT_PUBLISHED, "/payload/apiId");
    }

    @Test
    void theApiAndTheApplicationExistInTheOrganization() {
        subscription.when(new CreateSubscription(APPLICATION_ID, "api-unknown", "Gold")).thenRejected(NOT_FOUND, "/payload/apiId");
        subscription.when(new CreateSubscription("app-unknown", API_ID, "Gold"))
                .thenRejected(APPLICATION_NOT_FOUND, "/payload/applicationId");

        subscription.context().withApi(ApiView.newBuilder(Samples.api(LifecycleStatus.PUBLISHED, "Gold"))
                .setOrganization("globex").build());
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Gold")).thenRejected(NOT_FOUND, "/payload/apiId");
    }

    @Test
    void theTierIsAllowedByTheApiAndDefined() {
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Bronze")).thenRejected(TIER_NOT_ALLOWED, "/payload/tier");

        subscription.context().withApi(Samples.api(LifecycleStatus.PUBLISHED, "Gold", "Diamond"));
        subscription.when(new CreateSubscription(APPLICATION_ID, API_ID, "Diamond")).thenRejected(UNKNOWN_POLICY, "/payload/tier");
    }

    @Test
    void blocksProductionThenEverything() {
        subscription.given(ACTIVE_GOLD)
                .when(new BlockSubscription(PRODUCTION_ONLY, "abuse"))
                .thenEvents(new SubscriptionBlocked(APPLICATION_ID, API_ID, PRODUCTION_ONLY, "abuse"));
        assertThat(subscription.state().getStatus()).isEqualTo(PRODUCTION_BLOCKED);

        subscription.when(new BlockSubscription(PRODUCTION_ONLY, null)).thenRejected(SUBSCRIPTION_BLOCKED);
        subscription.when(new BlockSubscription(ALL, null))
                .thenEvents(new SubscriptionBlocked(APPLICATION_ID, API_ID, ALL, null));
        assertThat(subscription.state().getStatus()).isEqualTo(BLOCKED);

        subscription.when(new BlockSubscription(ALL, null)).thenRejected(SUBSCRIPTION_BLOCKED);
    }

    @Test
    void aPendingSubscriptionIsNotBlocked() {
        subscription.given(new SubscriptionCreated(APPLICATION_ID, API_ID, "Platinum", PENDING))
                .when(new BlockSubscription(ALL, null))
                .thenRejected(INVALID_COMMAND);
    }

    @Test
    void unblocksOnlyABlockedSubscription() {
        subscription.given(ACTIVE_GOLD).when(new UnblockSubscription()).thenRejected(INVALID_COMMAND);
        subscription.given(new SubscriptionBlocked(APPLICATION_ID, API_ID, ALL, null))
                .when(new UnblockSubscription())
                .thenEvents(new SubscriptionUnblocked(APPLICATION_ID, API_ID));

        assertThat(subscription.state().getStatus()).isEqualTo(ACTIVE);
    }

    @Test
    void changesToAnotherAllowedAndDefinedTier() {
        subscription.given(ACTIVE_GOLD)
                .when(new ChangeSubscriptionTier("Silver"))
                .thenEvents(new SubscriptionTierChanged(APPLICATION_ID, API_ID, "Gold", "Silver"));

        subscription.when(new ChangeSubscriptionTier("Silver")).thenRejected(INVALID_COMMAND, "/payload/tier");
        subscription.when(new ChangeSubscriptionTier("Bronze")).thenRejected(TIER_NOT_ALLOWED, "/payload/tier");
        subscription.context().withApi(Samples.api(LifecycleStatus.PUBLISHED, "Gold", "Silver", "Diamond"));
        subscription.when(new ChangeSubscriptionTier("Diamond")).thenRejected(UNKNOWN_POLICY, "/payload/tier");
    }

    @Test
    void deletesASubscription() {
        subscription.given(ACTIVE_GOLD).when(new DeleteSubscription())
                .thenEvents(new SubscriptionDeleted(APPLICATION_ID, API_ID));

        assertThat(subscription.deleted()).isTrue();
        subscription.when(new ApproveSubscription(null)).thenRejected(NOT_FOUND);
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        subscription.given(new SubscriptionCreated(APPLICATION_ID, API_ID, "Platinum", PENDING),
                new SubscriptionApproved(APPLICATION_ID, API_ID, null),
                new SubscriptionTierChanged(APPLICATION_ID, API_ID, "Platinum", "Gold"));

        assertThat(subscription.state()).isEqualTo(new SubscriptionView(
                "sub-1", ORGANIZATION, 3L, APPLICATION_ID, API_ID, "Gold", ACTIVE, at(1), at(3), false));
    }
}
