package io.weir.dataplane.stream;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.edge.revalidation.OpenConnections;
import io.weir.dataplane.invocation.InvocationRecorder;
import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.throttle.Throttling;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Opens the throttling and analytics side of stream connections ({@link StreamConnection}) and
 * records the handshakes refused before a stream starts: one REQUEST invocation each, like the proxy.
 */
@Singleton // no client proxy: its meters are read as fields on the hot path
public class StreamConnections {

    final GatewayState state;
    final Throttling throttling;
    final InvocationRecorder recorder;
    final NodeIdentity node;
    final StreamMetrics metrics;
    final StreamConfig config;
    final OpenConnections openConnections;

    StreamConnections(GatewayState state, Throttling throttling, InvocationRecorder recorder, NodeIdentity node,
                      StreamMetrics metrics, StreamConfig config, OpenConnections openConnections) {
        this.state = state;
        this.throttling = throttling;
        this.recorder = recorder;
        this.node = node;
        this.metrics = metrics;
        this.config = config;
        this.openConnections = openConnections;
    }

    StreamConnection open(GatewayApi api, Authentication caller, Protocol protocol, String resource, String correlationId) {
        StreamConnection connection = new StreamConnection(this, api, caller, protocol, resource, correlationId);
        connection.opened();
        return connection;
    }

    /** A handshake or stream request refused before it started (400, 401, 403, 404, 503). */
    void refused(GatewayApi api, Authentication caller, Protocol protocol, String resource, int status, String code,
                 String correlationId) {
        Invocation invocation = base(api, caller, protocol, resource, correlationId, System.currentTimeMillis());
        invocation.setKind(InvocationKind.REQUEST);
        invocation.setMethod("GET");
        invocation.setStatusCode(status);
        invocation.setErrorCode(code);
        invocation.setMessageCount(1);
        recorder.record(invocation);
    }

    Invocation base(GatewayApi api, Authentication caller, Protocol protocol, String resource, String correlationId,
                    long timestampMillis) {
        Invocation invocation = new Invocation();
        invocation.setInvocationId(UUID.randomUUID().toString());
        invocation.setTimestamp(Instant.ofEpochMilli(timestampMillis));
        invocation.setApiId(api.getApiId());
        invocation.setApiRevision(api.getRevision());
        invocation.setEnvironment(node.environment());
        invocation.setOrganization(api.getOrganization());
        var credential = caller instanceof Authentication.Subscribed s ? s.credential()
                : caller instanceof Authentication.Refused r ? r.credential() : null;
        invocation.setApplicationId(credential == null ? null : credential.getApplicationId());
        invocation.setSubscriptionTier(caller instanceof Authentication.Subscribed s ? s.subscription().getTier() : null);
        invocation.setCredentialKind(caller instanceof Authentication.Subscribed s ? s.kind()
                : caller instanceof Authentication.Refused r && r.kind() != null ? r.kind() : InvocationCredentialKind.NONE);
        invocation.setResource(resource);
        invocation.setRequestBytes(0);
        invocation.setResponseBytes(0);
        invocation.setGatewayLatencyMicros(0);
        invocation.setGatewayNode(node.nodeId());
        invocation.setProtocol(protocol);
        invocation.setMessageCount(0);
        invocation.setThrottled(false);
        invocation.setCorrelationId(correlationId);
        invocation.setThrottleKeys(List.of());
        return invocation;
    }
}
