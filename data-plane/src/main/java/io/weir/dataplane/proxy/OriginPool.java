package io.weir.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive connections one event loop holds to one backend origin (scheme, host, port): idle
 * ones reused most-recent first, at most {@code maxConnections} open, callers beyond that queued in
 * order, idle connections closed after the keep-alive time. Used only from its event loop.
 */
final class OriginPool {

    /** Someone waiting for a connection. */
    interface Waiter {
        /** {@code reused}: the connection served earlier requests, so the backend may have closed it meanwhile. */
        void acquired(BackendConnection connection, boolean reused);

        void unavailable(Throwable cause);
    }

    private final EventLoop loop;
    private final BackendUrl origin;
    private final BackendConnector connector;
    private final int maxConnections;
    private final long keepAliveNanos;
    private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Connections open or being opened. */
    private int open;
    private ScheduledFuture<?> sweep;

    OriginPool(EventLoop loop, BackendUrl origin, BackendConnector connector, int maxConnections, long keepAliveNanos) {
        this.loop = loop;
        this.origin = origin;
        this.connector = connector;
        this.maxConnections = maxConnections;
        this.keepAliveNanos = keepAliveNanos;
    }

    /** Hands {@code waiter} an idle connection (unless {@code fresh}), a new one, or queues it until one is free. */
    void acquire(Waiter waiter, long connectTimeoutMillis, boolean fresh) {
        if (!fresh) {
            long now = System.nanoTime();
            BackendConnection connection;
            while ((connection = idle.pollLast()) != null) {
                if (connection.channel.isActive() && now - connection.idleSinceNanos < keepAliveNanos) {
                    waiter.acquired(connection, true);
                    return;
                }
                connection.discard(); // expired or half-closed: its closing counts it off
            }
        }
        if (open < maxConnections) {
            connect(waiter, connectTimeoutMillis);
        } else {
            waiting.addLast(waiter);
        }
    }

    /** A waiter that gave up (its request timed out) leaves the queue. */
    void cancel(Waiter waiter) {
        waiting.remove(waiter);
    }

    /** An exchange finished cleanly with {@code connection}: the next waiter gets it, or it idles. */
    void release(BackendConnection connection) {
        connection.exchange = null;
        if (!connection.channel.config().isAutoRead()) {
            connection.channel.config().setAutoRead(true);
        }
        Waiter next = waiting.pollFirst();
        if (next != null) {
            next.acquired(connection, true);
            return;
        }
        connection.idleSinceNanos = System.nanoTime();
        idle.addLast(connection);
        if (sweep == null) {
            long period = Math.max(TimeUnit.SECONDS.toNanos(1), keepAliveNanos / 2);
            sweep = loop.scheduleAtFixedRate(this::closeExpired, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** The connection's channel closed (by either side). */
    void closed(BackendConnection connection) {
        if (!connection.established) {
            return;
        }
        connection.established = false;
        open--;
        idle.remove(connection);
        if (!waiting.isEmpty() && open < maxConnections) {
            connect(waiting.pollFirst(), connector.connectTimeoutMillis());
        }
    }

    private void connect(Waiter waiter, long connectTimeoutMillis) {
        open++;
        connector.connect(loop, this, origin, connectTimeoutMillis, new BackendConnector.Connected() {
            @Override
            public void connected(BackendConnection connection) {
                connection.established = true;
                waiter.acquired(connection, false);
            }

            @Override
            public void failed(Throwable cause) {
                open--;
                waiter.unavailable(cause);
                // callers queued behind a full pool try too, rather than wait out their timeout for a
                // connection that may never come (a backend that went down fails each attempt at once)
                if (!waiting.isEmpty() && open < maxConnections) {
                    connect(waiting.pollFirst(), connector.connectTimeoutMillis());
                }
            }
        });
    }

    private void closeExpired() {
        long now = System.nanoTime();
        BackendConnection oldest;
        while ((oldest = idle.peekFirst()) != null && now - oldest.idleSinceNanos >= keepAliveNanos) {
            idle.pollFirst();
            oldest.discard();
        }
        if (idle.isEmpty() && sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }
}
