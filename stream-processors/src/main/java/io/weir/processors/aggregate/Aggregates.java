package io.weir.processors.aggregate;

import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeleteApi;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.RefreshApiServiceDefinition;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.api.UpdateApi;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.application.UpdateApplication;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.RevokeRole;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.UpdateThrottlingPolicy;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.CreateSubscription;
import io.weir.schema.subscription.DeleteSubscription;
import io.weir.schema.subscription.UnblockSubscription;
import io.weir.schema.webhook.CancelWebhookSubscription;
import io.weir.schema.webhook.DisableWebhookSubscription;
import io.weir.schema.webhook.ExpireWebhookSubscription;
import io.weir.schema.webhook.RenewWebhookSubscription;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every aggregate, found by type or by the command it decides. Empty for a payload that is not a
 * command (bad input from a producer) and for UNSPECIFIED. The aggregates are stateless, so one instance each serves every stream thread.
 *
 * <p>Both lookups return the aggregate widened to {@code Aggregate<SpecificRecord>} so a generic
 * caller can pass it the state it read from that aggregate type's store; the cast is safe as long
 * as states are only ever stored by the aggregate of their type, which the store-per-type layout
 * guarantees.
 */
public final class Aggregates {

    private static final ApiAggregate API = new ApiAggregate();
    private static final ApplicationAggregate APPLICATION = new ApplicationAggregate();
    private static final SubscriptionAggregate SUBSCRIPTION = new SubscriptionAggregate();
    private static final ThrottlingPolicyAggregate THROTTLING_POLICY = new ThrottlingPolicyAggregate();
    private static final EnvironmentAggregate ENVIRONMENT = new EnvironmentAggregate();
    private static final OrganizationAggregate ORGANIZATION = new OrganizationAggregate();
    private static final UserAggregate USER = new UserAggregate();
    private static final CatalogServiceAggregate CATALOG_SERVICE = new CatalogServiceAggregate();
    private static final WebhookSubscriptionAggregate WEBHOOK_SUBSCRIPTION = new WebhookSubscriptionAggregate();
    private static final List<Aggregate<?>> ALL = List.of(API, APPLICATION, SUBSCRIPTION, THROTTLING_POLICY, ENVIRONMENT,
            ORGANIZATION, USER, CATALOG_SERVICE, WEBHOOK_SUBSCRIPTION);

    private Aggregates() {
    }

    public static List<Aggregate<?>> all() {
        return ALL;
    }

    public static Optional<Aggregate<SpecificRecord>> forType(AggregateType type) {
        return ALL.stream().filter(aggregate -> aggregate.type() == type).findFirst().map(Aggregates::widened);
    }

    public static Optional<Aggregate<SpecificRecord>> forCommand(Object payload) {
        return Optional.ofNullable(deciding(payload)).map(Aggregates::widened);
    }

    private static Aggregate<?> deciding(Object payload) {
        if (payload instanceof CreateApi || payload instanceof UpdateApi || payload instanceof ChangeApiLifecycle
                || payload instanceof CreateApiRevision || payload instanceof DeployApiRevision
                || payload instanceof UndeployApiRevision || payload instanceof RestoreApiRevision
                || payload instanceof DeleteApiRevision || payload instanceof DeleteApi
                || payload instanceof RefreshApiServiceDefinition) {
            return API;
        }
        if (payload instanceof CreateApplication || payload instanceof UpdateApplication
                || payload instanceof DeleteApplication || payload instanceof IssueApiKey || payload instanceof RevokeApiKey
                || payload instanceof RegisterOAuthClient || payload instanceof RotateOAuthClientSecret
                || payload instanceof RevokeOAuthClient) {
            return APPLICATION;
        }
        if (payload instanceof CreateSubscription || payload instanceof ApproveSubscription
                || payload instanceof BlockSubscription || payload instanceof UnblockSubscription
                || payload instanceof ChangeSubscriptionTier || payload instanceof DeleteSubscription) {
            return SUBSCRIPTION;
        }
        if (payload instanceof DefineThrottlingPolicy || payload instanceof UpdateThrottlingPolicy
                || payload instanceof DeleteThrottlingPolicy) {
            return THROTTLING_POLICY;
        }
        if (payload instanceof DefineEnvironment || payload instanceof RemoveEnvironment) {
            return ENVIRONMENT;
        }
        if (payload instanceof CreateOrganization) {
            return ORGANIZATION;
        }
        if (payload instanceof RegisterUser || payload instanceof GrantRole || payload instanceof RevokeRole) {
            return USER;
        }
        if (payload instanceof RegisterCatalogService || payload instanceof UpdateCatalogService
                || payload instanceof RemoveCatalogService) {
            return CATALOG_SERVICE;
        }
        if (payload instanceof RequestWebhookSubscription || payload instanceof VerifyWebhookSubscription
                || payload instanceof RenewWebhookSubscription || payload instanceof ExpireWebhookSubscription
                || payload instanceof CancelWebhookSubscription || payload instanceof DisableWebhookSubscription) {
            return WEBHOOK_SUBSCRIPTION;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Aggregate<SpecificRecord> widened(Aggregate<?> aggregate) {
        return (Aggregate<SpecificRecord>) aggregate;
    }
}
