package io.weir.dataplane.stream;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authenticator.Presented;
import io.weir.dataplane.edge.revalidation.ConnectionEnding;
import io.weir.dataplane.edge.revalidation.GuardedConnection;
import io.weir.dataplane.http.ThrottleCharges;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client connection to a STREAM API, as throttling and analytics see it: every message out
 * (delivered) and in (published) is admitted on the caller's subscription, application and API
 * tiers and the channel's policy, one by one; admitted messages are recorded in batches (one
 * MESSAGE invocation per channel and direction per {@code message-record-interval}, with
 * messageCount and bytes); the connection itself gets one CONNECTION_OPENED and one
 * CONNECTION_CLOSED record. Used from the connection's event loop only.
 */
final class StreamConnection {

    private final StreamConnections services;
    private final GatewayApi api;
    private final Authentication caller;
    private final Protocol protocol;
    private final String resource;
    private final String correlationId;
    private final long openedNanos = System.nanoTime();
    private final Map<String, Tally> tallies = new HashMap<>(4);
    private long bytesIn;
    private long bytesOut;
    private boolean closed;
    private GuardedConnection guard;

    private static final class Tally {
        final List<Charge> charges;
        long windowSecond = -1;
        long firstMillis;
        int count;
        long bytes;

        Tally(List<Charge> charges) {
            this.charges = charges;
        }
    }

    StreamConnection(StreamConnections services, GatewayApi api, Authentication caller, Protocol protocol, String resource,
                     String correlationId) {
        this.services = services;
        this.api = api;
        this.caller = caller;
        this.protocol = protocol;
        this.resource = resource;
        this.correlationId = correlationId;
    }

    Authentication caller() {
        return caller;
    }

    /**
     * Re-checked from now on until it closes: ended through {@code ending} when its caller, as
     * authenticated at the handshake ({@code scheme}, {@code presented}), would now be refused.
     */
    void guard(AuthScheme scheme, Presented presented, ConnectionEnding ending) {
        if (!closed) {
            guard = services.openConnections.guard(api, scheme, presented, caller, ending);
        }
    }

    void opened() {
        (protocol == Protocol.SSE ? services.metrics.sseConnections : services.metrics.webSocketConnections).incrementAndGet();
        Invocation invocation = services.base(api, caller, protocol, resource, correlationId, System.currentTimeMillis());
        invocation.setKind(InvocationKind.CONNECTION_OPENED);
        invocation.setMethod("GET");
        invocation.setStatusCode(protocol == Protocol.SSE ? 200 : 101);
        services.recorder.record(invocation);
    }

    /** Admits one message; an admitted one is counted for its batch record, a refused one recorded at once. */
    Admission admit(ChannelRoute channel, MessageDirection direction, int bytes) {
        long now = System.currentTimeMillis();
        ChannelOperation operation = direction == MessageDirection.OUTBOUND ? ChannelOperation.SUBSCRIBE : ChannelOperation.PUBLISH;
        Tally tally = tallies.computeIfAbsent(operation.name() + " " + channel.channel(), subject -> new Tally(
                ThrottleCharges.of(services.state, api,
                        channel.resource() == null ? null : channel.resource().getThrottlingPolicy(), subject, caller)));
        Admission admission = tally.charges.isEmpty() ? null : services.throttling.admit(tally.charges, now);
        if (admission != null && !admission.admitted()) {
            Invocation refused = message(channel, direction, now, 1, bytes, List.of());
            refused.setThrottled(true);
            refused.setStatusCode(protocol == Protocol.SSE ? 429 : 1008);
            refused.setErrorCode("throttled-" + admission.reason().toLowerCase());
            services.recorder.record(refused);
            return admission;
        }
        if (tally.windowSecond != now / 1000) {
            flush(channel, direction, tally);
            tally.windowSecond = now / 1000;
            tally.firstMillis = now;
        }
        tally.count++;
        tally.bytes += bytes;
        if (direction == MessageDirection.OUTBOUND) {
            bytesOut += bytes;
            (protocol == Protocol.SSE ? services.metrics.sseOut : services.metrics.webSocketOut).increment();
        } else {
            bytesIn += bytes;
            services.metrics.webSocketIn.increment();
        }
        return admission;
    }

    /** Writes the batches of the past periods (called by the connection's timer and at close). */
    void flush() {
        long second = System.currentTimeMillis() / 1000;
        tallies.forEach((subject, tally) -> {
            if (tally.count > 0 && (closed || tally.windowSecond != second)) {
                boolean outbound = subject.startsWith(ChannelOperation.SUBSCRIBE.name());
                String channel = subject.substring(subject.indexOf(' ') + 1);
                flush(new ChannelRoute(channel, null, List.of(), null),
                        outbound ? MessageDirection.OUTBOUND : MessageDirection.INBOUND, tally);
            }
        });
    }

    private void flush(ChannelRoute channel, MessageDirection direction, Tally tally) {
        if (tally.count == 0) {
            return;
        }
        services.recorder.record(message(channel, direction, tally.firstMillis, tally.count, tally.bytes,
                tally.charges.stream().map(c -> c.key().key()).toList()));
        tally.count = 0;
        tally.bytes = 0;
    }

    private Invocation message(ChannelRoute channel, MessageDirection direction, long timestamp, int count, long bytes,
                               List<String> throttleKeys) {
        Invocation invocation = services.base(api, caller, protocol, channel.channel(), correlationId, timestamp);
        invocation.setKind(InvocationKind.MESSAGE);
        invocation.setMethod(direction == MessageDirection.OUTBOUND ? "SUBSCRIBE" : "PUBLISH");
        invocation.setDirection(direction);
        invocation.setStatusCode(200);
        invocation.setMessageCount(count);
        invocation.setRequestBytes(direction == MessageDirection.INBOUND ? bytes : 0);
        invocation.setResponseBytes(direction == MessageDirection.OUTBOUND ? bytes : 0);
        invocation.setThrottleKeys(throttleKeys);
        return invocation;
    }

    /** Once: flushes the batches and records the close (a WebSocket close code, or 200 for SSE). */
    void closed(int statusCode, String errorCode) {
        if (closed) {
            return;
        }
        closed = true;
        if (guard != null) {
            guard.release();
        }
        flush();
        (protocol == Protocol.SSE ? services.metrics.sseConnections : services.metrics.webSocketConnections).decrementAndGet();
        Invocation invocation = services.base(api, caller, protocol, resource, correlationId, System.currentTimeMillis());
        invocation.setKind(InvocationKind.CONNECTION_CLOSED);
        invocation.setMethod("GET");
        invocation.setStatusCode(statusCode);
        invocation.setErrorCode(errorCode);
        invocation.setRequestBytes(bytesIn);
        invocation.setResponseBytes(bytesOut);
        invocation.setGatewayLatencyMicros((System.nanoTime() - openedNanos) / 1000);
        services.recorder.record(invocation);
    }
}
