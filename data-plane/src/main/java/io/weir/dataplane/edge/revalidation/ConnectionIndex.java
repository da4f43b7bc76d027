package io.weir.dataplane.edge.revalidation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Open connections by API id and by credential key, so a gateway change touches only the
 * connections it concerns. Connections are added and removed on their event loops and looked up on
 * the state feed's thread: the sets are concurrent and an emptied set is dropped.
 */
final class ConnectionIndex<C> {

    private final Map<String, Set<C>> byApi = new ConcurrentHashMap<>();
    private final Map<String, Set<C>> byCredential = new ConcurrentHashMap<>();
    private final Function<C, String> apiId;
    private final Function<C, String> credentialKey;

    ConnectionIndex(Function<C, String> apiId, Function<C, String> credentialKey) {
        this.apiId = apiId;
        this.credentialKey = credentialKey;
    }

    void add(C connection) {
        add(byApi, apiId.apply(connection), connection);
        String key = credentialKey.apply(connection);
        if (key != null) {
            add(byCredential, key, connection);
        }
    }

    void remove(C connection) {
        remove(byApi, apiId.apply(connection), connection);
        String key = credentialKey.apply(connection);
        if (key != null) {
            remove(byCredential, key, connection);
        }
    }

    /** The connections to an API (a live view: iterate, do not keep). */
    Set<C> ofApi(String apiId) {
        return byApi.getOrDefault(apiId, Set.of());
    }

    /** The connections authenticated with a credential (a live view). */
    Set<C> ofCredential(String credentialKey) {
        return byCredential.getOrDefault(credentialKey, Set.of());
    }

    int size() {
        return byApi.values().stream().mapToInt(Set::size).sum();
    }

    private static <C> void add(Map<String, Set<C>> index, String key, C connection) {
        index.compute(key, (k, set) -> { // atomic per key: never adds to a set a removal just dropped
            Set<C> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
    }

    private static <C> void remove(Map<String, Set<C>> index, String key, C connection) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
