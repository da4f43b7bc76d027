package io.weir.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * The proxy's state on one event loop: the origin pools (backend URLs that differ only in their base path
 * share the pool of their origin), the exchanges' idle deadlines and the requests waiting for their
 * flush. Used only from its event loop.
 */
final class LoopPools {

    private final EventLoop loop;
    private final BackendConnector connector;
    private final int maxConnections;
    private final long keepAliveNanos;
    private final Map<BackendUrl, OriginPool> byBackend = new HashMap<>();
    private final Map<String, OriginPool> byOrigin = new HashMap<>();
    private final IdleDeadlines deadlines;
    private final BatchedFlushes flushes;

    LoopPools(EventLoop loop, BackendConnector connector, int maxConnections, long keepAliveNanos) {
        this.loop = loop;
        this.connector = connector;
        this.maxConnections = maxConnections;
        this.keepAliveNanos = keepAliveNanos;
        this.deadlines = new IdleDeadlines(loop);
        this.flushes = new BatchedFlushes(loop);
    }

    IdleDeadlines deadlines() {
        return deadlines;
    }

    BatchedFlushes flushes() {
        return flushes;
    }

    OriginPool pool(BackendUrl backend) {
        OriginPool pool = byBackend.get(backend);
        if (pool == null) {
            String origin = (backend.ssl() ? "https://" : "http://") + backend.host() + ":" + backend.port();
            pool = byOrigin.computeIfAbsent(origin,
                    key -> new OriginPool(loop, backend, connector, maxConnections, keepAliveNanos));
            byBackend.put(backend, pool);
        }
        return pool;
    }
}
