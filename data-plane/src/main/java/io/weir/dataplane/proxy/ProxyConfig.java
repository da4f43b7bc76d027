package io.weir.dataplane.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Connection pooling towards backends. */
@ConfigMapping(prefix = "weir.gateway.proxy")
public interface ProxyConfig {

    /** Keep-alive connections the node holds open per backend host and port. */
    @WithDefault("256")
    int maxConnectionsPerBackend();

    /** Time to establish a backend connection (capped by the API's own timeout). */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long an idle pooled connection is kept. */
    @WithDefault("60s")
    Duration keepAliveTimeout();
}
