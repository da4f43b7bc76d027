package io.weir.dataplane.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code quarkus.http.limits.max-connections} on the node's own listener, enforced as Quarkus' server
 * enforces it: a client connection accepted while that many are open is closed at once, before a request on
 * it is read, and counted ({@code weir.gateway.connections.rejected}). Every open client connection counts
 * until it closes — HTTP/1.x and h2c, those upgraded to WebSocket or held by an event stream, and those asking
 * {@code /q/} alike — and the number is a gauge ({@code weir.gateway.connections.open}). Unset (Quarkus'
 * default), nothing is refused. One instance serves every event loop's server: the limit is the node's.
 */
final class ConnectionLimit implements Handler<HttpConnection> {

    private static final Logger LOG = Logger.getLogger(ConnectionLimit.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter rejected;

    ConnectionLimit(OptionalInt max, MeterRegistry meters) {
        if (max.isPresent() && max.getAsInt() <= 0) {
            // Quarkus ignores a limit of 0 or less; so does the node, but says so
            LOG.warnf("quarkus.http.limits.max-connections=%d ignored: the node accepts any number of connections", max.getAsInt());
        }
        this.max = max.isPresent() && max.getAsInt() > 0 ? max.getAsInt() : Integer.MAX_VALUE;
        this.rejected = Counter.builder("weir.gateway.connections.rejected")
                .description("Client connections closed on arrival because quarkus.http.limits.max-connections were open")
                .register(meters);
        Gauge.builder("weir.gateway.connections.open", open, AtomicInteger::get)
                .description("Client connections open on the gateway's port").register(meters);
    }

    @Override
    public void handle(HttpConnection connection) {
        int current;
        do {
            current = open.get();
            if (current >= max) {
                rejected.increment();
                LOG.debugf("Closing a connection from %s: %d connections open (quarkus.http.limits.max-connections)",
                        connection.remoteAddress(), current);
                connection.close();
                return;
            }
        } while (!open.compareAndSet(current, current + 1));
        whenClosed(connection, open::decrementAndGet);
    }

    /** Open client connections now (tests). */
    int open() {
        return open.get();
    }

    /**
     * Runs {@code then} once the connection has closed. On the channel's close future where there is one: the
     * connection's single {@code closeHandler} is for the gateway's relays to take, and taking it here would
     * either be replaced by theirs or replace it.
     */
    private static void whenClosed(HttpConnection connection, Runnable then) {
        if (connection instanceof ConnectionBase base) {
            base.channel().closeFuture().addListener(closed -> then.run());
        } else {
            connection.closeHandler(closed -> then.run());
        }
    }
}
