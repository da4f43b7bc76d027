package io.weir.dataplane.state;

import io.weir.dataplane.routing.RouteTable;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything this node serves from, derived only from the compacted weir.gateway.* topics: the
 * APIs deployed to its environment (as a route table), the credentials, the policies and the active webhook subscriptions. The node
 * holds no state of its own: a restart reads it all again.
 */
public final class GatewayState {

    private final String environment;
    private final RouteTable routes = new RouteTable();
    private final Map<String, Long> appliedRevisions = new ConcurrentHashMap<>();
    private final Map<String, GatewayCredential> credentials = new ConcurrentHashMap<>();
    /** Credential keys by application id: what a webhook delivery, which holds no credential, looks its subscriber up by. */
    private final Map<String, Set<String>> credentialKeysByApplication = new ConcurrentHashMap<>();
    private final Map<String, GatewayPolicy> policies = new ConcurrentHashMap<>();
    /** Bumped after every applied policy change: what a cache of policy lookups checks to stay current. */
    private volatile long policiesVersion;
    private final List<Runnable> apiListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> apiIdListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> credentialListeners = new CopyOnWriteArrayList<>();
    private final WebhookSubscriptions webhookSubscriptions;

    public GatewayState(String environment) {
        this.environment = environment;
        this.webhookSubscriptions = new WebhookSubscriptions(environment);
    }

    /** weir.gateway.apis: key {@code <environment>/<apiId>}; other environments are ignored. */
    public void onApi(String key, GatewayApi api) {
        if (key == null || !key.startsWith(environment + "/")) {
            return;
        }
        String apiId = key.substring(environment.length() + 1);
        if (api == null) {
            routes.remove(apiId);
            appliedRevisions.remove(apiId);
        } else {
            routes.put(api);
            appliedRevisions.put(apiId, api.getRevision());
        }
        apiListeners.forEach(Runnable::run);
        apiIdListeners.forEach(listener -> listener.accept(apiId));
    }

    public void onCredential(String key, GatewayCredential credential) {
        if (key == null) {
            return;
        }
        GatewayCredential previous = credential == null ? credentials.remove(key) : credentials.put(key, credential);
        if (previous != null && (credential == null || !previous.getApplicationId().equals(credential.getApplicationId()))) {
            credentialKeysByApplication.computeIfPresent(previous.getApplicationId(), (application, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
        if (credential != null) {
            credentialKeysByApplication.computeIfAbsent(credential.getApplicationId(), application -> ConcurrentHashMap.newKeySet())
                    .add(key);
        }
        credentialListeners.forEach(listener -> listener.accept(key));
    }

    public void onPolicy(String key, GatewayPolicy policy) {
        if (key == null) {
            return;
        }
        if (policy == null) {
            policies.remove(key);
        } else {
            policies.put(key, policy);
        }
        policiesVersion++; // one writer, the policies feed's thread
    }

    /** weir.gateway.webhook-subscriptions: key = subscription id; other environments are ignored. */
    public void onWebhookSubscription(String key, GatewayWebhookSubscription subscription) {
        webhookSubscriptions.apply(key, subscription);
    }

    public WebhookSubscriptions webhookSubscriptions() {
        return webhookSubscriptions;
    }

    public String environment() {
        return environment;
    }

    public RouteTable routes() {
        return routes;
    }

    public Optional<GatewayCredential> credential(String key) {
        return Optional.ofNullable(credentials.get(key));
    }

    /** The live credentials of an application (each carries all its subscriptions); empty when the node knows none. */
    public List<GatewayCredential> credentialsOf(String applicationId) {
        Set<String> keys = applicationId == null ? null : credentialKeysByApplication.get(applicationId);
        if (keys == null) {
            return List.of();
        }
        List<GatewayCredential> found = new ArrayList<>(keys.size());
        for (String key : keys) {
            GatewayCredential credential = credentials.get(key);
            if (credential != null) {
                found.add(credential);
            }
        }
        return found;
    }

    public Optional<GatewayPolicy> policy(String policyId) {
        return Optional.ofNullable(policies.get(policyId));
    }

    /**
     * Changes after every applied policy change (never before the change is visible to {@link #policy}):
     * read it before looking policies up, and a later different value means they may have changed.
     */
    public long policiesVersion() {
        return policiesVersion;
    }

    /** API id to the revision this node serves, for the deployment acknowledgement. */
    public Map<String, Long> appliedRevisions() {
        return Map.copyOf(appliedRevisions);
    }

    /** Called after every applied API change (the heartbeat acknowledges deployments at once). */
    public void onApiChange(Runnable listener) {
        apiListeners.add(listener);
    }

    /**
     * Called with the API id after every applied change to an API of this environment (deployed,
     * redeployed, undeployed), on the feed's thread: a listener must only hand the work on.
     */
    public void onApiChanged(Consumer<String> listener) {
        apiIdListeners.add(listener);
    }

    /** Called with the credential key after every applied credential change, on the feed's thread. */
    public void onCredentialChanged(Consumer<String> listener) {
        credentialListeners.add(listener);
    }
}
