package io.weir.schema.catalogue;

import static io.weir.schema.catalogue.TopicSpec.Cleanup.COMPACT;
import static io.weir.schema.catalogue.TopicSpec.Cleanup.DELETE;

import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandReservation;
import io.weir.schema.command.CommandResult;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.CatalogServiceView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.OrganizationView;
import io.weir.schema.view.SubscriptionView;
import io.weir.schema.view.ThrottlingPolicyView;
import io.weir.schema.view.UserView;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.WebhookContent;
import io.weir.schema.webhook.WebhookDelivery;
import io.weir.schema.webhook.WebhookDispatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: every topic of Weir with its key, value type, partitions and retention.
 * No topic name is written anywhere else; code asks {@link TopicNaming#name(TopicSpec)}.
 *
 * <p>Keys are strings on every topic (aggregate id, credential hash, environment/api, ...);
 * values are Avro records registered in Apicurio Registry under {@code <topic>-value}.
 */
public final class Topics {

    private static final Optional<Duration> FOREVER = Optional.empty();
    private static final Optional<Duration> WEEK = Optional.of(Duration.ofDays(7));

    public static final TopicSpec<CommandEnvelope> COMMANDS = new TopicSpec<>(
            "commands", "aggregate id", CommandEnvelope.class, 6, DELETE, WEEK,
            "control plane, CLI, any producer with the ACL",
            "Commands to the platform: one envelope per intent, decided by the command processor.");

    public static final TopicSpec<CommandResult> COMMAND_RESULTS = new TopicSpec<>(
            "command-results", "command id", CommandResult.class, 6, DELETE, WEEK,
            "command processor",
            "The outcome of each command: accepted with the new aggregate version, or rejected with a reason code.");

    public static final TopicSpec<CommandReservation> COMMAND_RESERVATIONS = new TopicSpec<>(
            "command-reservations", "reserved unique value", CommandReservation.class, 6, DELETE, WEEK,
            "command processor",
            "Internal to the command processor: reservations of unique values (API context, application name) on their way to and from the aggregates.");

    public static final TopicSpec<EventEnvelope> API_EVENTS = events("api",
            "API aggregates: definitions, lifecycle, revisions and deployments.");
    public static final TopicSpec<EventEnvelope> APPLICATION_EVENTS = events("application",
            "Applications, their API keys and OAuth clients, and their subscriptions.");
    public static final TopicSpec<EventEnvelope> POLICY_EVENTS = events("policy",
            "Throttling policies and gateway environments: platform configuration owned by admins.");
    public static final TopicSpec<EventEnvelope> CATALOG_EVENTS = events("catalog",
            "Service Catalog entries, registered by publishers and CDC sources.");
    public static final TopicSpec<EventEnvelope> WEBHOOK_EVENTS = events("webhook",
            "WebSub subscriptions held by the gateway hub: requested, verified, renewed, expired, cancelled.");
    public static final TopicSpec<EventEnvelope> ORGANIZATION_EVENTS = events("organization",
            "Organizations, users and their role grants.");

    public static final TopicSpec<ApiView> VIEW_APIS = view("apis", "api id", ApiView.class,
            "APIs with their working copy, lifecycle, revisions and deployments, as the management API shows them.");
    public static final TopicSpec<ApplicationView> VIEW_APPLICATIONS = view("applications", "application id",
            ApplicationView.class, "Applications with their API keys (hash and prefix) and OAuth clients.");
    public static final TopicSpec<SubscriptionView> VIEW_SUBSCRIPTIONS = view("subscriptions", "subscription id",
            SubscriptionView.class, "Subscriptions of applications to APIs with their tier and status.");
    public static final TopicSpec<ThrottlingPolicyView> VIEW_POLICIES = view("policies",
            "organization/level/policy name", ThrottlingPolicyView.class, "Throttling policies (tiers) of each organization.");
    public static final TopicSpec<EnvironmentView> VIEW_ENVIRONMENTS = view("environments", "environment name",
            EnvironmentView.class, "Gateway environments.");
    public static final TopicSpec<OrganizationView> VIEW_ORGANIZATIONS = view("organizations", "organization id",
            OrganizationView.class, "Organizations.");
    public static final TopicSpec<UserView> VIEW_USERS = view("users", "username", UserView.class,
            "Users with their password hash and roles.");
    public static final TopicSpec<CatalogServiceView> VIEW_CATALOG_SERVICES = view("catalog-services", "service id",
            CatalogServiceView.class, "Service Catalog entries with their current definition, endpoint or topic.");
    public static final TopicSpec<WebhookSubscriptionView> VIEW_WEBHOOK_SUBSCRIPTIONS = view("webhook-subscriptions",
            "webhook subscription id", WebhookSubscriptionView.class,
            "WebSub subscriptions with their status (PENDING, ACTIVE, CANCELLED, EXPIRED, DISABLED), lease and encrypted secret.");

    public static final TopicSpec<GatewayApi> GATEWAY_APIS = new TopicSpec<>(
            "gateway.apis", "environment/api id", GatewayApi.class, 3, COMPACT, FOREVER,
            "gateway projection",
            "What each environment's gateways serve: the deployed revision of each API, resolved. Tombstone = undeployed.");
    public static final TopicSpec<GatewayCredential> GATEWAY_CREDENTIALS = new TopicSpec<>(
            "gateway.credentials", "credential hash, or oauth:<client id>", GatewayCredential.class, 3, COMPACT, FOREVER,
            "gateway projection",
            "Who a credential belongs to and what it is subscribed to. Tombstone = revoked and gone.");
    public static final TopicSpec<GatewayPolicy> GATEWAY_POLICIES = new TopicSpec<>(
            "gateway.policies", "organization/level/policy name", GatewayPolicy.class, 1, COMPACT, FOREVER,
            "gateway projection",
            "Throttling policies as the gateways enforce them.");
    public static final TopicSpec<GatewayWebhookSubscription> GATEWAY_WEBHOOK_SUBSCRIPTIONS = new TopicSpec<>(
            "gateway.webhook-subscriptions", "webhook subscription id", GatewayWebhookSubscription.class, 3, COMPACT,
            FOREVER, "gateway projection",
            "Verified WebSub subscriptions the hub delivers to. Tombstone = cancelled, expired or disabled.");
    public static final TopicSpec<GatewayNodeStatus> GATEWAY_NODES = new TopicSpec<>(
            "gateway.nodes", "environment/node id", GatewayNodeStatus.class, 1, COMPACT, FOREVER,
            "gateway nodes",
            "Heartbeat of each gateway node and the revision it applied per API (deployment acknowledgements).");
    public static final TopicSpec<ThrottleDecision> THROTTLE_DECISIONS = new TopicSpec<>(
            "throttle.decisions", "throttle key", ThrottleDecision.class, 3, COMPACT, FOREVER,
            "throttling processor",
            "Cluster-wide throttling decisions that every gateway node applies.");

    public static final TopicSpec<InvocationBatch> INVOCATION_BATCHES = new TopicSpec<>(
            "invocation-batches", "api id", InvocationBatch.class, 6, DELETE, WEEK,
            "gateway nodes",
            "The invocations (one per request, message batch or connection event served) a gateway node recorded for one API, a batch per record.");

    public static final TopicSpec<InvocationAggregate> ANALYTICS_INVOCATIONS = new TopicSpec<>(
            "analytics.invocations", "organization/environment/dimension/api/value/window size/window start/partition",
            InvocationAggregate.class, 6, COMPACT, FOREVER,
            "analytics processor",
            "Invocation figures per minute, hour and day window, per API, application, resource, status class, gateway node and environment (partial per source partition; tombstone = past retention).");

    public static final TopicSpec<WebhookContent> WEBHOOK_PUBLISHED = new TopicSpec<>(
            "webhook.published", "api id/topic", WebhookContent.class, 6, DELETE, WEEK,
            "gateway nodes (WebSub publish endpoint)",
            "Content published to WebSub topics through the hub, before fan-out to subscribers.");
    public static final TopicSpec<WebhookDispatch> WEBHOOK_DISPATCH = new TopicSpec<>(
            "webhook.dispatch", "webhook subscription id", WebhookDispatch.class, 6, DELETE, WEEK,
            "gateway nodes (hub fan-out)",
            "One record per content and subscription to deliver, in order per subscription; delivered by the hub nodes' consumer group.");
    public static final TopicSpec<WebhookDelivery> WEBHOOK_DELIVERIES = new TopicSpec<>(
            "webhook.deliveries", "webhook subscription id", WebhookDelivery.class, 6, DELETE, WEEK,
            "gateway nodes",
            "Outcome of each webhook delivery attempt.");
    public static final TopicSpec<WebhookDelivery> WEBHOOK_DELIVERIES_RETRY = new TopicSpec<>(
            "webhook.deliveries.retry", "webhook subscription id", WebhookDelivery.class, 6, DELETE, WEEK,
            "gateway nodes",
            "Deliveries waiting for their next attempt (exponential backoff with jitter).");
    public static final TopicSpec<WebhookDelivery> WEBHOOK_DELIVERIES_DEAD_LETTER = new TopicSpec<>(
            "webhook.deliveries.dead-letter", "webhook subscription id", WebhookDelivery.class, 1, DELETE,
            Optional.of(Duration.ofDays(30)),
            "gateway nodes",
            "Deliveries that exhausted their attempts.");

    /** Every topic, in the order the README and the AsyncAPI document list them. */
    public static final List<TopicSpec<?>> ALL = List.of(
            COMMANDS, COMMAND_RESULTS, COMMAND_RESERVATIONS,
            API_EVENTS, APPLICATION_EVENTS, POLICY_EVENTS, CATALOG_EVENTS, WEBHOOK_EVENTS, ORGANIZATION_EVENTS,
            VIEW_APIS, VIEW_APPLICATIONS, VIEW_SUBSCRIPTIONS, VIEW_POLICIES, VIEW_ENVIRONMENTS, VIEW_ORGANIZATIONS,
            VIEW_USERS, VIEW_CATALOG_SERVICES, VIEW_WEBHOOK_SUBSCRIPTIONS,
            GATEWAY_APIS, GATEWAY_CREDENTIALS, GATEWAY_POLICIES, GATEWAY_WEBHOOK_SUBSCRIPTIONS, GATEWAY_NODES,
            THROTTLE_DECISIONS,
            INVOCATION_BATCHES, ANALYTICS_INVOCATIONS, WEBHOOK_PUBLISHED, WEBHOOK_DISPATCH, WEBHOOK_DELIVERIES,
            WEBHOOK_DELIVERIES_RETRY, WEBHOOK_DELIVERIES_DEAD_LETTER);

    private Topics() {
    }

    /** The event log an aggregate type appends to (the single writer is the command processor). */
    public static TopicSpec<EventEnvelope> eventsOf(AggregateType type) {
        return switch (type) {
            case API -> API_EVENTS;
            case APPLICATION, SUBSCRIPTION -> APPLICATION_EVENTS;
            case THROTTLING_POLICY, ENVIRONMENT -> POLICY_EVENTS;
            case CATALOG_SERVICE -> CATALOG_EVENTS;
            case WEBHOOK_SUBSCRIPTION -> WEBHOOK_EVENTS;
            case ORGANIZATION, USER -> ORGANIZATION_EVENTS;
            default -> throw new IllegalArgumentException("no event log for aggregate type " + type);
        };
    }

    /** All event logs: kept forever, the source every projection is rebuilt from. */
    public static List<TopicSpec<EventEnvelope>> eventLogs() {
        return List.of(API_EVENTS, APPLICATION_EVENTS, POLICY_EVENTS, CATALOG_EVENTS, WEBHOOK_EVENTS,
                ORGANIZATION_EVENTS);
    }

    /** The management view an aggregate type is projected to. */
    public static TopicSpec<?> viewOf(AggregateType type) {
        return switch (type) {
            case API -> VIEW_APIS;
            case APPLICATION -> VIEW_APPLICATIONS;
            case SUBSCRIPTION -> VIEW_SUBSCRIPTIONS;
            case THROTTLING_POLICY -> VIEW_POLICIES;
            case ENVIRONMENT -> VIEW_ENVIRONMENTS;
            case ORGANIZATION -> VIEW_ORGANIZATIONS;
            case USER -> VIEW_USERS;
            case CATALOG_SERVICE -> VIEW_CATALOG_SERVICES;
            case WEBHOOK_SUBSCRIPTION -> VIEW_WEBHOOK_SUBSCRIPTIONS;
            default -> throw new IllegalArgumentException("no management view for aggregate type " + type);
        };
    }

    /** Management views: compacted, latest state per aggregate, tombstone when deleted. */
    public static List<TopicSpec<?>> views() {
        return List.of(VIEW_APIS, VIEW_APPLICATIONS, VIEW_SUBSCRIPTIONS, VIEW_POLICIES, VIEW_ENVIRONMENTS,
                VIEW_ORGANIZATIONS, VIEW_USERS, VIEW_CATALOG_SERVICES, VIEW_WEBHOOK_SUBSCRIPTIONS);
    }

    private static <V> TopicSpec<V> view(String name, String key, Class<V> type, String description) {
        return new TopicSpec<>("view." + name, key, type, 3, COMPACT, FOREVER, "management projections",
                description + " Tombstone = deleted.");
    }

    private static TopicSpec<EventEnvelope> events(String aggregate, String description) {
        return new TopicSpec<>(aggregate + ".events", "aggregate id", EventEnvelope.class, 6, DELETE, FOREVER,
                "command processor", description);
    }
}
