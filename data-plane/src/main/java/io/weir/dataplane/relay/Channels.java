package io.weir.dataplane.relay;

import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.routing.RoutedApi;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The resource a WS or SSE connection opens: an API imported from AsyncAPI lists channels
 * (resources without a method, the address as path, with or without a leading '/'), one imported
 * from OpenAPI lists GET resources. Either is matched like a REST resource ({@code {name}} one
 * segment, a trailing {@code /*} any rest), most specific first. An API with neither accepts any
 * path, as the REST pipeline does. Compiled once per deployed revision (a {@link RoutedApi} is
 * immutable and replaced on change, so it is the cache key).
 */
public final class Channels {

    private static final ResourceRoute ANY = ResourceRoute.compile(
            ApiResource.newBuilder().setMethod(null).setPath("/*").setAuthScheme(AuthScheme.API_KEY_OR_OAUTH2).build());

    private final Map<RoutedApi, List<ResourceRoute>> compiled = Collections.synchronizedMap(new WeakHashMap<>());

    /** The matching channel, or null when the API has channels and none matches. */
    public ResourceRoute match(RoutedApi api, String remainder) {
        String path = remainder == null || remainder.isEmpty() ? "/" : remainder;
        for (ResourceRoute route : compiled.computeIfAbsent(api, Channels::compile)) {
            if (route.matchesPath(path)) {
                return route;
            }
        }
        return null;
    }

    static List<ResourceRoute> compile(RoutedApi api) {
        List<ResourceRoute> routes = api.api().getResources().stream()
                .filter(r -> r.getMethod() == null || "GET".equalsIgnoreCase(r.getMethod()))
                .map(r -> ResourceRoute.compile(r.getPath().startsWith("/") || r.getPath().isEmpty() ? r
                        : ApiResource.newBuilder(r).setPath("/" + r.getPath()).build()))
                .sorted(Comparator.comparingInt(ResourceRoute::literalLength).reversed())
                .toList();
        return routes.isEmpty() ? List.of(ANY) : routes;
    }
}
