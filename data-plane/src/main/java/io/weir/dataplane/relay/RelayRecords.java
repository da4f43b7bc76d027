package io.weir.dataplane.relay;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Refused;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The invocation records of relayed connections. All records of one connection share its
 * correlation id; only records that were charged on the throttle counters (the handshake, message
 * batches) carry the counters' keys, so the throttling processor counts exactly what the node
 * admitted.
 */
final class RelayRecords {

    private RelayRecords() {
    }

    /** A record with the connection's common fields; the caller sets the status, bytes, counts. */
    static Invocation of(InvocationKind kind, Protocol protocol, GatewayApi api, String resource, Authentication caller,
                         String correlationId, String environment, String nodeId, long timestampMillis) {
        GatewayCredential credential = caller instanceof Subscribed s ? s.credential()
                : caller instanceof Refused r ? r.credential() : null;
        Invocation invocation = new Invocation();
        invocation.setInvocationId(UUID.randomUUID().toString());
        invocation.setTimestamp(Instant.ofEpochMilli(timestampMillis));
        invocation.setApiId(api.getApiId());
        invocation.setApiRevision(api.getRevision());
        invocation.setEnvironment(environment);
        invocation.setOrganization(api.getOrganization());
        invocation.setApplicationId(credential == null ? null : credential.getApplicationId());
        invocation.setSubscriptionTier(caller instanceof Subscribed s ? s.subscription().getTier() : null);
        invocation.setCredentialKind(caller instanceof Subscribed s ? s.kind()
                : caller instanceof Refused r && r.kind() != null ? r.kind() : InvocationCredentialKind.NONE);
        invocation.setMethod("GET");
        invocation.setResource(resource == null ? "-" : resource);
        invocation.setStatusCode(0);
        invocation.setRequestBytes(0L);
        invocation.setResponseBytes(0L);
        invocation.setGatewayLatencyMicros(0L);
        invocation.setBackendLatencyMicros(null);
        invocation.setGatewayNode(nodeId);
        invocation.setProtocol(protocol);
        invocation.setKind(kind);
        invocation.setDirection(null);
        invocation.setMessageCount(0);
        invocation.setThrottled(false);
        invocation.setErrorCode(null);
        invocation.setCorrelationId(correlationId);
        invocation.setThrottleKeys(List.of());
        return invocation;
    }

    /** A record of an admitted connection. */
    static Invocation of(InvocationKind kind, RelayCall call, String environment, String nodeId, long timestampMillis) {
        return of(kind, call.protocol(), call.api(), call.route().template(), call.caller(), call.connectionId(),
                environment, nodeId, timestampMillis);
    }

    /** Keys of the counters a charged record is counted on. */
    static List<String> keys(RelayCall call) {
        return call.charges().stream().map(c -> c.key().key()).toList();
    }
}
