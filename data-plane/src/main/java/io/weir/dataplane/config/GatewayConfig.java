package io.weir.dataplane.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of one edge node; every key has a default that works for {@code ./weir up}. */
@ConfigMapping(prefix = "weir.gateway")
public interface GatewayConfig {

    /** Environment this node serves (its APIs, credentials restricted to it, its throttle counters). */
    @WithDefault("production")
    String environment();

    /** Id of this node, unique within the environment; unset = host name and process id. */
    Optional<String> nodeId();

    /** Prefix of every topic name (the catalogue's {@code TopicNaming}). */
    @WithDefault("weir.")
    String topicPrefix();

    /** How often the node publishes its heartbeat and applied revisions on weir.gateway.nodes. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /** Largest request body when the API does not set its own. */
    @WithDefault("10485760")
    long maxRequestBytes();

    /** Backend timeout when the API does not set its own. */
    @WithDefault("30s")
    Duration defaultBackendTimeout();

    /** URL of the control plane's JWKS document, to validate OAuth2 access tokens locally. */
    @WithDefault("http://127.0.0.1:8080/oauth2/jwks")
    String jwksUrl();

    /** Issuer OAuth2 access tokens must carry. */
    @WithDefault("weir-control-plane")
    String tokenIssuer();
}
