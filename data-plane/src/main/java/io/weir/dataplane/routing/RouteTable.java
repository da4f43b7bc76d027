package io.weir.dataplane.routing;

import io.weir.schema.gateway.GatewayApi;
import java.util.HashMap;
import java.util.Map;

/**
 * Which deployed API serves a request path. Reads are lock-free on an immutable map; a change to
 * one API copies the map (changes are rare, lookups are per request).
 */
public final class RouteTable {

    /** An API resolved for a request, with the path relative to the API's prefix. */
    public record Resolved(RoutedApi api, String remainder) {
    }

    private volatile Map<String, RoutedApi> byPrefix = Map.of();
    private volatile Map<String, RoutedApi> byApiId = Map.of();
    private final Map<String, String> prefixByApiId = new HashMap<>();

    public synchronized void put(GatewayApi api) {
        RoutedApi routed = new RoutedApi(api);
        Map<String, RoutedApi> next = new HashMap<>(byPrefix);
        String previous = prefixByApiId.put(api.getApiId(), routed.prefix());
        if (previous != null) {
            next.remove(previous);
        }
        next.put(routed.prefix(), routed);
        byPrefix = Map.copyOf(next);
        Map<String, RoutedApi> ids = new HashMap<>(byApiId);
        ids.put(api.getApiId(), routed);
        byApiId = Map.copyOf(ids);
    }

    public synchronized void remove(String apiId) {
        String previous = prefixByApiId.remove(apiId);
        if (previous != null) {
            Map<String, RoutedApi> next = new HashMap<>(byPrefix);
            next.remove(previous);
            byPrefix = Map.copyOf(next);
            Map<String, RoutedApi> ids = new HashMap<>(byApiId);
            ids.remove(apiId);
            byApiId = Map.copyOf(ids);
        }
    }

    /** The deployed API with this id, or null (open connections re-check their API by id). */
    public RoutedApi byApiId(String apiId) {
        return byApiId.get(apiId);
    }

    /** The API whose {@code /<context>/<version>} is the longest segment-aligned prefix of the path. */
    public Resolved resolve(String path) {
        Map<String, RoutedApi> table = byPrefix;
        Resolved found = null;
        int slash = path.indexOf('/', 1);
        while (true) {
            String candidate = slash < 0 ? path : path.substring(0, slash);
            RoutedApi api = table.get(candidate);
            if (api != null) {
                found = new Resolved(api, slash < 0 ? "/" : path.substring(slash));
            }
            if (slash < 0) {
                return found;
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    public Map<String, RoutedApi> snapshot() {
        return byPrefix;
    }
}
