package io.weir.controlplane.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The web console's pages: static files from the classpath ({@code console/analytics/...}), the
 * charting library among them (fetched from the npm registry at build time). Anonymous — a page holds
 * no data; it signs in through /oauth2/token and calls the API with the token. Served here rather
 * than from META-INF/resources because the bearer filter and the problem mappers sit in front of
 * every path the REST layer sees: an unknown file is a 404 problem like any other.
 */
@Path("/console")
public class ConsoleResource {

    private static final Map<String, String> FILES = Map.of(
            "analytics/index.html", "text/html; charset=utf-8",
            "analytics/analytics.js", "text/javascript; charset=utf-8",
            "analytics/analytics.css", "text/css; charset=utf-8",
            "analytics/vendor/chart.umd.min.js", "text/javascript; charset=utf-8",
            "analytics/vendor/LICENSE.md", "text/markdown; charset=utf-8");

    @GET
    @Path("analytics")
    @Operation(hidden = true)
    public Response analytics() {
        return file("analytics/index.html");
    }

    @GET
    @Path("{file: .+}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) {
        String name = file.endsWith("/") ? file + "index.html" : file;
        String type = FILES.get(name);
        InputStream content = type == null ? null : getClass().getClassLoader().getResourceAsStream("console/" + name);
        if (content == null) {
            throw new jakarta.ws.rs.NotFoundException("no console file " + file);
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(name.contains("vendor/") ? 86_400 : 60);
        return Response.ok(content, type).cacheControl(cache).build();
    }
}
