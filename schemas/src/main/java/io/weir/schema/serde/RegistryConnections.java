package io.weir.schema.serde;

import io.apicurio.registry.client.common.DefaultVertxInstance;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.client.common.RegistryClientRequestAdapterFactory;
import io.apicurio.registry.client.common.Version;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.rest.client.RegistryClient;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@link BoundedRegistryClient} per registry URL and policy for the whole process (all of them
 * sharing, per URL, what the registry answered that cannot change), over a Vert.x
 * web client whose connect timeout and idle timeout are the policy's request timeout: a registry that
 * accepts the connection and then stays silent has the connection closed under the waiting call.
 * The Vert.x instance is the one given as {@code apicurio.registry.vertx.instance}, else Apicurio's
 * shared default. Registry authentication settings are not supported here (Weir's registry has none).
 */
final class RegistryConnections {

    private static final Map<Key, BoundedRegistryClient> CLIENTS = new ConcurrentHashMap<>();
    /** Per registry URL, whatever the policy: what one client learned, the others need not ask again. */
    private static final Map<String, Map<List<Object>, Object>> SETTLED = new ConcurrentHashMap<>();

    private RegistryConnections() {
    }

    private record Key(String registryUrl, RegistryCallPolicy policy, Vertx vertx) {
    }

    static BoundedRegistryClient client(Map<String, ?> serdeConfig) {
        SchemaResolverConfig config = new SchemaResolverConfig(serdeConfig);
        String url = Objects.requireNonNull(config.getRegistryUrl(), SchemaResolverConfig.REGISTRY_URL + " is not set");
        if (config.getAuthUsername() != null || config.getTokenEndpoint() != null) {
            throw new IllegalArgumentException("Weir's registry client does not support registry authentication");
        }
        Vertx vertx = config.getVertx() != null ? config.getVertx() : DefaultVertxInstance.get();
        Key key = new Key(url, RegistryCallPolicy.from(serdeConfig), vertx);
        return CLIENTS.computeIfAbsent(key, RegistryConnections::connect);
    }

    private static BoundedRegistryClient connect(Key key) {
        int timeoutMillis = Math.toIntExact(key.policy().requestTimeout().toMillis());
        WebClient web = WebClient.create(key.vertx(), new WebClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        RegistryClientOptions options = RegistryClientOptions.create(key.registryUrl(), key.vertx())
                .customWebClient(web)
                .disableRetry(); // ours retries; Apicurio's never sees the cause behind Vert.x' wrapper
        RegistryClient client = new RegistryClient(RegistryClientRequestAdapterFactory.createRequestAdapter(options, Version.V3));
        return new BoundedRegistryClient(new RegistryClientFacadeImpl(client), key.registryUrl(), key.policy(),
                SETTLED.computeIfAbsent(key.registryUrl(), url -> new ConcurrentHashMap<>()));
    }
}
