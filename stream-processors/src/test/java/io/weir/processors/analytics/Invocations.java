package io.weir.processors.analytics;

import io.weir.schema.common.Protocol;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.time.Instant;
import java.util.UUID;

/** Invocation records for the analytics tests. */
final class Invocations {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Invocations() {
    }

    static Invocation.Builder request(String api, Instant at, int status, long gatewayMicros) {
        return Invocation.newBuilder().setInvocationId(UUID.randomUUID().toString()).setTimestamp(at)
                .setApiId(api).setEnvironment("production").setOrganization("acme").setApplicationId("app-1")
                .setCredentialKind(InvocationCredentialKind.API_KEY).setMethod("GET").setResource("/pets/{id}")
                .setStatusCode(status).setRequestBytes(100).setResponseBytes(1000)
                .setGatewayLatencyMicros(gatewayMicros).setBackendLatencyMicros(gatewayMicros / 2)
                .setGatewayNode("node-1").setProtocol(Protocol.HTTP).setKind(InvocationKind.REQUEST);
    }

    static Invocation.Builder message(String api, Instant at, MessageDirection direction, int count, long bytes) {
        return request(api, at, 200, 0).setKind(InvocationKind.MESSAGE).setDirection(direction).setMessageCount(count)
                .setRequestBytes(direction == MessageDirection.INBOUND ? bytes : 0)
                .setResponseBytes(direction == MessageDirection.OUTBOUND ? bytes : 0)
                .setBackendLatencyMicros(null);
    }

    static Invocation.Builder connection(String api, Instant at, InvocationKind kind) {
        return request(api, at, 101, 0).setKind(kind).setBackendLatencyMicros(null).setRequestBytes(0).setResponseBytes(0);
    }
}
