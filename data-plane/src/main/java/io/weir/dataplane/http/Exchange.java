package io.weir.dataplane.http;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.routing.ResourceRoute;
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
    CallCharges charges = CallCharges.NONE;
    int status;
    String errorCode;
    boolean throttled;
    Long backendMicros;
    /** Given to an {@link io.weir.dataplane.edge.EdgeHandler}, which records it itself. */
    boolean handedOver;

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
        // setters on a fresh record rather than the builder, which deep-copies every field default per call
        Invocation invocation = new Invocation();
        invocation.setInvocationId(invocationId);
        invocation.setTimestamp(Instant.ofEpochMilli(startedMillis));
        invocation.setApiId(api == null ? UNRESOLVED : api.getApiId());
        invocation.setApiRevision(api == null ? null : api.getRevision());
        invocation.setEnvironment(environment);
        invocation.setOrganization(api == null ? UNRESOLVED : api.getOrganization());
        invocation.setApplicationId(credential == null ? null : credential.getApplicationId());
        invocation.setSubscriptionTier(caller instanceof Subscribed s ? s.subscription().getTier() : null);
        invocation.setCredentialKind(credentialKind());
        invocation.setMethod(method);
        invocation.setResource(route == null ? UNRESOLVED : route.template());
        invocation.setStatusCode(status);
        invocation.setRequestBytes(requestBytes);
        invocation.setResponseBytes(responseBytes);
        invocation.setGatewayLatencyMicros(Math.max(0, totalMicros - (backendMicros == null ? 0 : backendMicros)));
        invocation.setBackendLatencyMicros(backendMicros);
        invocation.setGatewayNode(nodeId);
        invocation.setProtocol(Protocol.HTTP);
        invocation.setKind(InvocationKind.REQUEST);
        invocation.setDirection(null);
        invocation.setMessageCount(1);
        invocation.setThrottled(throttled);
        invocation.setErrorCode(errorCode);
        invocation.setCorrelationId(correlationId);
        invocation.setThrottleKeys(throttled ? List.of() : charges.keys());
        return invocation;
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
