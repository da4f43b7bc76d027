package io.weir.dataplane.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weir.schema.common.Protocol;
import io.weir.schema.invocation.MessageDirection;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters of the backend relays: connections open now by protocol
 * ({@code weir_gateway_relay_connections{protocol}}), messages relayed by protocol and direction
 * ({@code weir_gateway_relay_messages_total{protocol,direction}}, direction inbound = client to
 * backend) and connection ends by close code ({@code weir_gateway_relay_closes_total{protocol,code}};
 * SSE streams use 1000 for a normal end and the WebSocket codes for the others).
 */
@ApplicationScoped
@Startup // its meters exist (at zero) before the first relayed connection
public class RelayMetrics {

    private final MeterRegistry meters;
    private final Map<Protocol, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();

    RelayMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Protocol protocol : new Protocol[]{Protocol.WS, Protocol.SSE}) {
            AtomicLong gauge = new AtomicLong();
            open.put(protocol, gauge);
            meters.gauge("weir.gateway.relay.connections", Tags.of("protocol", tag(protocol)), gauge);
            for (MessageDirection direction : new MessageDirection[]{MessageDirection.INBOUND, MessageDirection.OUTBOUND}) {
                messageCounter(protocol, direction);
            }
        }
    }

    public void opened(Protocol protocol) {
        open.get(protocol).incrementAndGet();
    }

    public void closed(Protocol protocol, int code) {
        open.get(protocol).decrementAndGet();
        closes.computeIfAbsent(tag(protocol) + "/" + code, k -> Counter.builder("weir.gateway.relay.closes")
                .description("Relayed connections ended, by close code").tag("protocol", tag(protocol))
                .tag("code", Integer.toString(code)).register(meters)).increment();
    }

    public void relayed(Protocol protocol, MessageDirection direction) {
        messageCounter(protocol, direction).increment();
    }

    private Counter messageCounter(Protocol protocol, MessageDirection direction) {
        return messages.computeIfAbsent(tag(protocol) + "/" + direction.name(), k -> Counter.builder("weir.gateway.relay.messages")
                .description("Messages (WebSocket) or events (SSE) relayed, by direction").tag("protocol", tag(protocol))
                .tag("direction", direction.name().toLowerCase(Locale.ROOT)).register(meters));
    }

    private static String tag(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }
}
