package io.weir.dataplane.routing;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.gateway.GatewayApi;
import java.util.Comparator;
import java.util.List;

/**
 * A deployed API ready to route: its gateway record and its resources compiled, most specific
 * first. Immutable: a configuration change builds a new one, so a request in flight keeps the
 * revision it started with.
 */
public final class RoutedApi {

    /** What {@link #match} found for a method and path. */
    public sealed interface Match permits Found, MethodNotAllowed, NoResource {
    }

    public record Found(ResourceRoute route) implements Match {
    }

    public record MethodNotAllowed(List<String> allowed) implements Match {
    }

    public record NoResource() implements Match {
    }

    private static final ResourceRoute ANY_PATH = ResourceRoute.compile(
            ApiResource.newBuilder().setMethod(null).setPath("/*").setAuthScheme(AuthScheme.API_KEY_OR_OAUTH2).build());

    private final GatewayApi api;
    private final String prefix;
    private final List<ResourceRoute> routes;

    public RoutedApi(GatewayApi api) {
        this.api = api;
        this.prefix = prefix(api.getContext(), api.getVersion());
        List<ResourceRoute> compiled = api.getResources().stream()
                .filter(r -> r.getMethod() != null)
                .map(ResourceRoute::compile)
                .sorted(Comparator.comparingInt(ResourceRoute::literalLength).reversed())
                .toList();
        // an API without HTTP resources (e.g. imported without paths) passes every path through
        this.routes = compiled.isEmpty() ? List.of(ANY_PATH) : compiled;
    }

    /** The path prefix clients call: {@code /<context>/<version>}. */
    public static String prefix(String context, String version) {
        String trimmed = context.startsWith("/") ? context : "/" + context;
        while (trimmed.endsWith("/") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed + "/" + version;
    }

    public GatewayApi api() {
        return api;
    }

    public String prefix() {
        return prefix;
    }

    public Match match(String method, String path) {
        List<String> allowed = null;
        for (ResourceRoute route : routes) {
            if (route.matchesPath(path)) {
                if (route.allows(method)) {
                    return new Found(route);
                }
                if (allowed == null) {
                    allowed = new java.util.ArrayList<>();
                }
                allowed.add(route.method());
            }
        }
        return allowed == null ? new NoResource() : new MethodNotAllowed(List.copyOf(allowed));
    }
}
