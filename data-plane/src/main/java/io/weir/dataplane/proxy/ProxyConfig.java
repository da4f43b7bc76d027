package io.weir.dataplane.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Connections towards backends. */
@ConfigMapping(prefix = "weir.gateway.proxy")
public interface ProxyConfig {

    /** Keep-alive connections each event loop of the node holds open per backend origin (scheme, host, port). */
    @WithDefault("256")
    int maxConnectionsPerBackend();

    /** Time to establish a backend connection, TLS handshake included (capped by the API's own timeout). */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long an idle pooled connection is kept. */
    @WithDefault("60s")
    Duration keepAliveTimeout();

    /**
     * A PEM file of the CA certificates https backends are verified against, instead of the JVM's
     * trust store (for backends with certificates from an internal CA).
     */
    Optional<String> trustCertificates();
}
