package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;
import static io.weir.schema.command.RejectionReason.LEASE_INVALID;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.ACTIVE;
import static io.weir.schema.webhook.WebhookSubscriptionStatus.PENDING;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.WebhookRequestView;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.WebhookSubscriptionIds;
import io.weir.schema.webhook.WebhookSubscriptionRequested;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a WebSub subscribe request: the payload is well formed (an absolute http(s) callback, a
 * lease of 1 to {@link #MAX_LEASE_SECONDS} seconds — rejected, not clamped: the hub grants the lease
 * and must send one it may grant), the aggregate id is the one {@link WebhookSubscriptionIds} derives
 * from it, and the API is one of the caller's organization, WEBSUB or STREAM, deployed to the
 * request's environment with the topic among the channels of the deployed revision. The same
 * request repeated while it still awaits verification is ALREADY_EXISTS.
 */
final class WebhookSubscriptionRequests {

    /** Longest lease a subscription may hold: ten days. */
    static final int MAX_LEASE_SECONDS = 864_000;
    static final int MAX_CALLBACK_LENGTH = 2048;
    static final int MAX_ENCRYPTED_SECRET_BYTES = 1024;

    private WebhookSubscriptionRequests() {
    }

    static Decision decide(WebhookSubscriptionView state, CommandEnvelope command, RequestWebhookSubscription request,
                           DecisionContext context) {
        return firstOf(
                () -> malformed(request),
                () -> invalidIf(!command.getAggregateId().equals(WebhookSubscriptionIds.of(request.getEnvironment(),
                                request.getApiId(), request.getTopic(), request.getCallbackUrl())), "/aggregateId",
                        "the id of a webhook subscription is WebhookSubscriptionIds.of(environment, apiId, topic, callbackUrl)"),
                () -> Optional.ofNullable(state).flatMap(current -> repeated(current, request)),
                () -> apiProblem(request, command.getOrganization(), context))
                .orElseGet(() -> Decision.accept(requested(request)));
    }

    private static Optional<Decision> malformed(RequestWebhookSubscription request) {
        return firstOf(
                () -> invalidIf(isBlank(request.getEnvironment()), "/payload/environment", "environment must not be blank"),
                () -> invalidIf(isBlank(request.getApiId()), "/payload/apiId", "apiId must not be blank"),
                () -> invalidIf(isBlank(request.getTopic()), "/payload/topic", "topic must not be blank"),
                () -> invalidIf(!isHttpUrl(request.getCallbackUrl()), "/payload/callbackUrl",
                        "callbackUrl must be an absolute http or https URL with a host, at most "
                                + MAX_CALLBACK_LENGTH + " characters"),
                () -> request.getLeaseSeconds() < 1 || request.getLeaseSeconds() > MAX_LEASE_SECONDS
                        ? Optional.of(Decision.reject(LEASE_INVALID, "leaseSeconds must be between 1 and "
                                + MAX_LEASE_SECONDS + ", not " + request.getLeaseSeconds(), "/payload/leaseSeconds"))
                        : Optional.empty(),
                () -> invalidIf(request.getEncryptedSecret() != null && isBlank(request.getKeyId()), "/payload/keyId",
                        "an encrypted secret needs the id of the key that encrypted it"),
                () -> invalidIf(request.getEncryptedSecret() != null
                                && request.getEncryptedSecret().remaining() > MAX_ENCRYPTED_SECRET_BYTES,
                        "/payload/encryptedSecret", "the encrypted secret must be at most " + MAX_ENCRYPTED_SECRET_BYTES + " bytes"),
                () -> invalidIf(request.getApplicationId() != null && request.getApplicationId().isBlank(),
                        "/payload/applicationId", "applicationId must be null (anonymous) or not blank"),
                () -> invalidIf(request.getApiSubscriptionId() != null
                                && (request.getApiSubscriptionId().isBlank() || request.getApplicationId() == null),
                        "/payload/apiSubscriptionId", "apiSubscriptionId must be null or not blank, and only with an applicationId"),
                () -> invalidIf(request.getSubscriptionTier() != null && request.getSubscriptionTier().isBlank(),
                        "/payload/subscriptionTier", "subscriptionTier must be null or not blank"),
                () -> invalidIf(request.getApplicationTier() != null && request.getApplicationTier().isBlank(),
                        "/payload/applicationTier", "applicationTier must be null or not blank"));
    }

    static boolean isHttpUrl(String url) {
        if (url == null || url.length() > MAX_CALLBACK_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && !isBlank(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The request already awaiting verification, sent again. */
    private static Optional<Decision> repeated(WebhookSubscriptionView state, RequestWebhookSubscription request) {
        WebhookRequestView awaiting = state.getStatus() == PENDING ? WebhookSubscriptionEvolution.currentRequest(state)
                : state.getStatus() == ACTIVE ? state.getPendingRequest() : null;
        if (awaiting == null || !sameRequest(awaiting, request)) {
            return Optional.empty();
        }
        return Optional.of(Rejections.alreadyExists("this request to webhook subscription " + state.getSubscriptionId()
                + " already awaits verification"));
    }

    private static boolean sameRequest(WebhookRequestView awaiting, RequestWebhookSubscription request) {
        return awaiting.getLeaseSeconds() == request.getLeaseSeconds()
                && Objects.equals(awaiting.getKeyId(), request.getKeyId())
                && Objects.equals(awaiting.getApplicationId(), request.getApplicationId())
                && Objects.equals(awaiting.getApiSubscriptionId(), request.getApiSubscriptionId())
                && Objects.equals(awaiting.getSubscriptionTier(), request.getSubscriptionTier())
                && Objects.equals(awaiting.getApplicationTier(), request.getApplicationTier())
                && awaiting.getKeyType() == request.getKeyType()
                && Objects.equals(bytes(awaiting.getEncryptedSecret()), bytes(request.getEncryptedSecret()));
    }

    private static ByteBuffer bytes(ByteBuffer buffer) {
        return buffer == null ? null : buffer.duplicate();
    }

    private static Optional<Decision> apiProblem(RequestWebhookSubscription request, String organization,
                                                 DecisionContext context) {
        Optional<ApiView> found = References.api(context, organization, request.getApiId());
        if (found.isEmpty()) {
            return Optional.of(Rejections.notFound("API " + request.getApiId() + " does not exist", "/payload/apiId"));
        }
        ApiView api = found.get();
        if (api.getApiType() != ApiType.WEBSUB && api.getApiType() != ApiType.STREAM) {
            return Optional.of(Rejections.invalid("/payload/apiId", "API " + api.getApiId() + " is a " + api.getApiType()
                    + " API; only WEBSUB and STREAM APIs take webhook subscriptions"));
        }
        Optional<ApiRevisionView> deployed = api.getDeployments().stream()
                .filter(deployment -> deployment.getEnvironment().equals(request.getEnvironment()))
                .map(ApiDeploymentView::getRevision).findFirst()
                .flatMap(revision -> api.getRevisions().stream().filter(r -> r.getRevision() == revision).findFirst());
        if (deployed.isEmpty()) {
            return Optional.of(Rejections.notFound("API " + api.getApiId() + " is not deployed to environment "
                    + request.getEnvironment(), "/payload/environment"));
        }
        boolean channel = deployed.get().getSnapshot().getSettings().getResources().stream()
                .map(ApiResource::getPath).anyMatch(request.getTopic()::equals);
        return channel ? Optional.empty() : Optional.of(Rejections.notFound("topic '" + request.getTopic()
                + "' is not a channel of the revision of API " + api.getApiId() + " deployed to "
                + request.getEnvironment(), "/payload/topic"));
    }

    private static WebhookSubscriptionRequested requested(RequestWebhookSubscription request) {
        return WebhookSubscriptionRequested.newBuilder()
                .setApiId(request.getApiId())
                .setTopic(request.getTopic())
                .setCallbackUrl(request.getCallbackUrl())
                .setEncryptedSecret(request.getEncryptedSecret())
                .setKeyId(request.getKeyId())
                .setLeaseSeconds(request.getLeaseSeconds())
                .setApplicationId(request.getApplicationId())
                .setApiSubscriptionId(request.getApiSubscriptionId())
                .setSubscriptionTier(request.getSubscriptionTier())
                .setApplicationTier(request.getApplicationTier())
                .setKeyType(request.getKeyType())
                .setEnvironment(request.getEnvironment())
                .build();
    }
}
