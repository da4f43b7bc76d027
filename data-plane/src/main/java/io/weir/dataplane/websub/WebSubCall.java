package io.weir.dataplane.websub;

import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.auth.Authenticator;
import io.weir.dataplane.http.Forwarding;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.http.ThrottleCharges;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.dataplane.websub.Channels.Channel;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One hub or publish request on its way through the shared steps - authentication and subscription
 * ({@link Authenticator}), throttling as a request ({@link Throttling}, {@link ThrottleCharges}) - and
 * its one invocation record (protocol WEBSUB, kind REQUEST) when it is answered.
 */
final class WebSubCall {

    final long startedNanos = System.nanoTime();
    final long startedMillis = System.currentTimeMillis();
    final String invocationId = UUID.randomUUID().toString();
    final String correlationId;
    final GatewayApi api;
    final String resource;
    Authentication caller;
    List<Charge> charges = List.of();
    boolean throttled;
    String errorCode;

    WebSubCall(GatewayApi api, String resource, HttpServerRequest request) {
        this.api = api;
        this.resource = resource;
        String given = request.getHeader("X-Request-ID");
        this.correlationId = given == null ? invocationId : given;
    }

    /** Authenticates for the channel and charges the call; the refusal, or null when admitted. */
    GatewayProblem admit(Authenticator authenticator, Throttling throttling, GatewayState state, Channel channel,
                         HttpServerRequest request) {
        caller = authenticator.authenticate(api, channel.authScheme(), Forwarding.presentedBy(api, request), startedMillis);
        if (caller instanceof Refused refused) {
            if (refused.status() == 401) {
                request.response().putHeader("WWW-Authenticate", "Bearer realm=\"weir\", apikey realm=\"weir\"");
            }
            return new GatewayProblem(refused.status(), refused.code(), refused.status() == 401 ? "Unauthorized" : "Forbidden",
                    refused.detail());
        }
        charges = ThrottleCharges.of(state, api, channel.throttlingPolicy(), "WEBSUB " + channel.name(), caller);
        Admission admission = charges.isEmpty() ? null : throttling.admit(charges, startedMillis);
        if (admission != null && !admission.admitted()) {
            throttled = true;
            request.response().putHeader("Retry-After", Long.toString(Math.max(1, (admission.retryAfterMillis() + 999) / 1000)));
            return new GatewayProblem(429, "throttled-" + admission.reason().toLowerCase(), "Too many requests",
                    "The " + admission.refusedBy().policy().getLevel().name().toLowerCase() + " throttling policy '"
                            + admission.refusedBy().policy().getName() + "' allows no more calls now.");
        }
        return null;
    }

    String applicationId() {
        return caller instanceof Subscribed s ? s.credential().getApplicationId() : null;
    }

    Invocation invocation(String environment, String nodeId, String method, int status, long requestBytes, long responseBytes) {
        Invocation invocation = new Invocation();
        invocation.setInvocationId(invocationId);
        invocation.setTimestamp(Instant.ofEpochMilli(startedMillis));
        invocation.setApiId(api.getApiId());
        invocation.setApiRevision(api.getRevision());
        invocation.setEnvironment(environment);
        invocation.setOrganization(api.getOrganization());
        invocation.setApplicationId(applicationId() != null ? applicationId()
                : caller instanceof Refused r && r.credential() != null ? r.credential().getApplicationId() : null);
        invocation.setSubscriptionTier(caller instanceof Subscribed s ? s.subscription().getTier() : null);
        invocation.setCredentialKind(caller instanceof Subscribed s ? s.kind()
                : caller instanceof Refused r && r.kind() != null ? r.kind() : InvocationCredentialKind.NONE);
        invocation.setMethod(method);
        invocation.setResource(resource);
        invocation.setStatusCode(status);
        invocation.setRequestBytes(requestBytes);
        invocation.setResponseBytes(responseBytes);
        invocation.setGatewayLatencyMicros((System.nanoTime() - startedNanos) / 1000);
        invocation.setGatewayNode(nodeId);
        invocation.setProtocol(Protocol.WEBSUB);
        invocation.setKind(InvocationKind.REQUEST);
        invocation.setMessageCount(1);
        invocation.setThrottled(throttled);
        invocation.setErrorCode(errorCode);
        invocation.setCorrelationId(correlationId);
        invocation.setThrottleKeys(throttled ? List.of() : charges.stream().map(c -> c.key().key()).toList());
        return invocation;
    }
}
