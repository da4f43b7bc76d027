package io.weir.dataplane.http;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import java.time.Instant;
import java.util.List;

/**
 * What the gateway learned about one request on its way through, turned into its invocation
 * record when the response ends. Unresolved requests (no API) are recorded under API id "-".
 */
final class Exchange {

    static final String UNRESOLVED = "-";

    final long startedNanos = System.nanoTime();
    final long startedMillis = System.currentTimeMillis();
    final String invocationId;
    final String correlationId;
    final String method;
    GatewayApi api;
    ResourceRoute route;
    Authentication caller;
    List<Charge> charges = List.of();
    int status;
    String errorCode;
    boolean throttled;
    Long backendMicros;

    Exchange(String invocationId, String correlationId, String method) {
        this.invocationId = invocationId;
        this.correlationId = correlationId;
        this.method = method;
    }

    void refuse(int status, String code) {
        this.status = status;
        this.errorCode = code;
    }

    Invocation toInvocation(String environment, String nodeId, long requestBytes, long responseBytes) {
        long totalMicros = (System.nanoTime() - startedNanos) / 1000;
        GatewayCredential credential = credential();
        return Invocation.newBuilder()
                .setInvocationId(invocationId)
                .setTimestamp(Instant.ofEpochMilli(startedMillis))
                .setApiId(api == null ? UNRESOLVED : api.getApiId())
                .setApiRevision(api == null ? null : api.getRevision())
                .setEnvironment(environment)
                .setOrganization(api == null ? UNRESOLVED : api.getOrganization())
                .setApplicationId(credential == null ? null : credential.getApplicationId())
                .setSubscriptionTier(caller instanceof Subscribed s ? s.subscription().getTier() : null)
                .setCredentialKind(credentialKind())
                .setMethod(method)
                .setResource(route == null ? UNRESOLVED : route.template())
                .setStatusCode(status)
                .setRequestBytes(requestBytes)
                .setResponseBytes(responseBytes)
                .setGatewayLatencyMicros(Math.max(0, totalMicros - (backendMicros == null ? 0 : backendMicros)))
                .setBackendLatencyMicros(backendMicros)
                .setGatewayNode(nodeId)
                .setProtocol(Protocol.HTTP)
                .setKind(InvocationKind.REQUEST)
                .setThrottled(throttled)
                .setErrorCode(errorCode)
                .setCorrelationId(correlationId)
                .setThrottleKeys(throttled || charges.isEmpty() ? List.of()
                        : charges.stream().map(c -> c.key().key()).toList())
                .build();
    }

    private GatewayCredential credential() {
        if (caller instanceof Subscribed s) {
            return s.credential();
        }
        return caller instanceof Refused r ? r.credential() : null;
    }

    private InvocationCredentialKind credentialKind() {
        if (caller instanceof Subscribed s) {
            return s.kind();
        }
        if (caller instanceof Refused r && r.kind() != null) {
            return r.kind();
        }
        return InvocationCredentialKind.NONE;
    }
}
