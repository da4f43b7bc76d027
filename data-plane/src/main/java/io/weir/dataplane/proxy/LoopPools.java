package io.weir.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * The origin pools of one event loop. Backend URLs that differ only in their base path share the
 * pool of their origin. Used only from its event loop.
 */
final class LoopPools {

    private final EventLoop loop;
    private final BackendConnector connector;
    private final int maxConnections;
    private final long keepAliveNanos;
    private final Map<BackendUrl, OriginPool> byBackend = new HashMap<>();
    private final Map<String, OriginPool> byOrigin = new HashMap<>();

    LoopPools(EventLoop loop, BackendConnector connector, int maxConnections, long keepAliveNanos) {
        this.loop = loop;
        this.connector = connector;
        this.maxConnections = maxConnections;
        this.keepAliveNanos = keepAliveNanos;
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
