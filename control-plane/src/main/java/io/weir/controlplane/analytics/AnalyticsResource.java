package io.weir.controlplane.analytics;

import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.Params;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.api.Visibility;
import io.weir.controlplane.analytics.AnalyticsReports.ErrorReport;
import io.weir.controlplane.analytics.AnalyticsReports.Errors;
import io.weir.controlplane.analytics.AnalyticsReports.Latency;
import io.weir.controlplane.analytics.AnalyticsReports.LatencyReport;
import io.weir.controlplane.analytics.AnalyticsReports.Point;
import io.weir.controlplane.analytics.AnalyticsReports.Ranked;
import io.weir.controlplane.analytics.AnalyticsReports.Scope;
import io.weir.controlplane.analytics.AnalyticsReports.Series;
import io.weir.controlplane.analytics.AnalyticsReports.Streaming;
import io.weir.controlplane.analytics.AnalyticsReports.Summary;
import io.weir.controlplane.analytics.AnalyticsReports.Top;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Analytics over the windows the analytics processor publishes (weir.analytics.invocations): for the
 * caller's organization only, for publishers and admins. Every query reads the windows of one
 * resolution whose start lies in [from, to); figures are sums of window partials and percentiles
 * come from merged histograms. An API or application of another organization is 404, as elsewhere.
 */
@Tag(name = "Analytics", description = "Invocation figures: time series, top APIs and applications, latency, errors, connections")
@APIResponse(responseCode = "400", description = "Invalid parameter, range or resolution (problem with a pointer)")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller is neither publisher nor admin")
@APIResponse(responseCode = "404", description = "No such API or application in the caller's organization")
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final AnalyticsQueries queries;
    private final ViewReader<ApiView> apis;
    private final ViewReader<ApplicationView> applications;
    private final CallerProvider callers;
    private final Clock clock;

    @Inject
    public AnalyticsResource(AnalyticsWindows windows, ViewReader<ApiView> apis, ViewReader<ApplicationView> applications,
                             CallerProvider callers) {
        this(windows, apis, applications, callers, Clock.systemUTC());
    }

    AnalyticsResource(AnalyticsWindows windows, ViewReader<ApiView> apis, ViewReader<ApplicationView> applications,
                      CallerProvider callers, Clock clock) {
        this.queries = new AnalyticsQueries(windows);
        this.apis = apis;
        this.applications = applications;
        this.callers = callers;
        this.clock = clock;
    }

    /** A query's caller, scope and range, validated. */
    private record Query(Caller caller, Scope scope, AnalyticsFilter filter, AnalyticsRange range) {
    }

    @GET
    @Path("summary")
    @Operation(summary = "All figures of a scope over a range: volume, errors, bytes, latency, streaming, late and duplicates")
    public Summary summary(@QueryParam("apiId") String apiId, @QueryParam("applicationId") String applicationId,
                           @QueryParam("environment") String environment, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        Query query = query(apiId, applicationId, environment, from, to, resolution);
        Totals totals = queries.totals(query.caller().organization(), query.filter(), query.range());
        return new Summary(query.scope(), totals.requests, totals.messages, Errors.of(totals), totals.requestBytes,
                totals.responseBytes, Latency.of(totals.gatewayLatency), Latency.of(totals.backendLatency),
                streaming(query, totals), totals.late, totals.duplicates);
    }

    @GET
    @Path("timeseries")
    @Operation(summary = "One measure per window over a range (every window present, empty ones as 0 or null)")
    public Series timeseries(@Parameter(description = "requests, messages, errors, client-errors, server-errors, throttled, "
                                     + "auth-failures, request-bytes, response-bytes, connections-opened, connections-closed, "
                                     + "messages-inbound, messages-outbound, bytes-inbound, bytes-outbound, late, duplicates, "
                                     + "gateway-latency-p50/p95/p99, backend-latency-p50/p95/p99")
                             @QueryParam("measure") String measure,
                             @QueryParam("apiId") String apiId, @QueryParam("applicationId") String applicationId,
                             @QueryParam("environment") String environment, @QueryParam("from") String from,
                             @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        Measure what = measure(measure);
        Query query = query(caller, apiId, applicationId, environment, from, to, resolution);
        TreeMap<Long, Totals> windows = queries.perWindow(caller.organization(), query.filter(), query.range());
        return new Series(query.scope(), what.apiName(), windows.entrySet().stream()
                .map(w -> new Point(Instant.ofEpochMilli(w.getKey()), what.of(w.getValue()))).toList());
    }

    @GET
    @Path("top")
    @Operation(summary = "Top APIs or applications by volume, errors or gateway latency p99")
    public Top top(@Parameter(description = "apis or applications") @QueryParam("by") String by,
                   @Parameter(description = "requests (default; requests + messages), errors or latency") @QueryParam("order") String order,
                   @Parameter(description = "1 to 100, default 10") @QueryParam("limit") String limit,
                   @QueryParam("apiId") String apiId, @QueryParam("environment") String environment,
                   @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        String grouping = oneOf(by == null ? "apis" : by, "by", "apis", "applications");
        String ordering = oneOf(order == null ? "requests" : order, "order", "requests", "errors", "latency");
        int count = limit(limit);
        Query query = query(apiId, null, environment, from, to, resolution);
        boolean byApi = grouping.equals("apis");
        AnalyticsFilter filter = query.filter().in(byApi ? AnalyticsDimension.API : AnalyticsDimension.API_APPLICATION);
        Map<String, Totals> groups = queries.grouped(query.caller().organization(), filter, query.range(),
                byApi ? InvocationAggregate::getApiId : InvocationAggregate::getDimensionValue);
        String organization = query.caller().organization();
        return new Top(query.scope(), grouping, ordering, groups.entrySet().stream().sorted(AnalyticsQueries.order(ordering))
                .limit(count).map(g -> new Ranked(g.getKey(), byApi ? apiName(g.getKey(), organization)
                        : applicationName(g.getKey(), organization), g.getValue().requests + g.getValue().messages,
                        g.getValue().errors(), Latency.of(g.getValue().gatewayLatency).p99()))
                .toList());
    }

    @GET
    @Path("latency")
    @Operation(summary = "Gateway and backend latency percentiles (microseconds) over a range")
    public LatencyReport latency(@QueryParam("apiId") String apiId, @QueryParam("applicationId") String applicationId,
                                 @QueryParam("environment") String environment, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        Query query = query(apiId, applicationId, environment, from, to, resolution);
        Totals totals = queries.totals(query.caller().organization(), query.filter(), query.range());
        return new LatencyReport(query.scope(), Latency.of(totals.gatewayLatency), Latency.of(totals.backendLatency));
    }

    @GET
    @Path("errors")
    @Operation(summary = "Errors by class (4xx, 5xx, throttled, auth failure) and invocations by status class")
    public ErrorReport errors(@QueryParam("apiId") String apiId, @QueryParam("applicationId") String applicationId,
                              @QueryParam("environment") String environment, @QueryParam("from") String from,
                              @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        Query query = query(apiId, applicationId, environment, from, to, resolution);
        Totals totals = queries.totals(query.caller().organization(), query.filter(), query.range());
        Map<String, Long> byStatusClass = null;
        if (applicationId == null) {
            byStatusClass = new TreeMap<>();
            for (var group : queries.grouped(query.caller().organization(), query.filter().in(AnalyticsDimension.API_STATUS_CLASS),
                    query.range(), InvocationAggregate::getDimensionValue).entrySet()) {
                byStatusClass.put(group.getKey(), group.getValue().requests + group.getValue().messages
                        + group.getValue().connectionsOpened + group.getValue().connectionsClosed);
            }
        }
        return new ErrorReport(query.scope(), totals.requests, Errors.of(totals), byStatusClass);
    }

    @GET
    @Path("connections")
    @Operation(summary = "Streaming APIs: connections open at the end of the range, opened, closed, messages and bytes per direction")
    public Streaming connections(@QueryParam("apiId") String apiId, @QueryParam("applicationId") String applicationId,
                                 @QueryParam("environment") String environment, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("resolution") String resolution) {
        Query query = query(apiId, applicationId, environment, from, to, resolution);
        return streaming(query, queries.totals(query.caller().organization(), query.filter(), query.range()));
    }

    private Streaming streaming(Query query, Totals totals) {
        return new Streaming(queries.openConnections(query.caller().organization(), query.filter(), query.range()),
                totals.connectionsOpened, totals.connectionsClosed, totals.messagesInbound, totals.messagesOutbound,
                totals.bytesInbound, totals.bytesOutbound);
    }

    private Query query(String apiId, String applicationId, String environment, String from, String to, String resolution) {
        return query(Roles.require(callers.current(), Role.PUBLISHER), apiId, applicationId, environment, from, to, resolution);
    }

    private Query query(Caller caller, String apiId, String applicationId, String environment, String from, String to,
                        String resolution) {
        String api = blankToNull(apiId);
        String application = blankToNull(applicationId);
        if (api != null) {
            Visibility.find(apis, api, caller, "API");
        }
        if (application != null) {
            Visibility.find(applications, application, caller, "application");
        }
        AnalyticsRange range = AnalyticsRange.parse(from, to, resolution, clock);
        String env = blankToNull(environment);
        Scope scope = new Scope(api, application, env, range.from(), range.to(),
                range.resolution().name().toLowerCase(Locale.ROOT));
        return new Query(caller, scope, AnalyticsFilter.of(api, application, env), range);
    }

    private String apiName(String id, String organization) {
        return apis.get(id).filter(api -> organization.equals(api.getOrganization())).map(ApiView::getName).orElse(null);
    }

    private String applicationName(String id, String organization) {
        return applications.get(id).filter(app -> organization.equals(app.getOrganization()))
                .map(ApplicationView::getName).orElse(null);
    }

    private static Measure measure(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("invalid-parameter", "measure is required: one of "
                    + Arrays.stream(Measure.values()).map(Measure::apiName).toList(), Params.QUERY + "measure");
        }
        return Arrays.stream(Measure.values()).filter(m -> m.apiName().equalsIgnoreCase(value.replace('_', '-')))
                .findFirst().orElseThrow(() -> ProblemException.badRequest("invalid-parameter", "measure must be one of "
                        + Arrays.stream(Measure.values()).map(Measure::apiName).toList() + ", not '" + value + "'",
                        Params.QUERY + "measure"));
    }

    private static String oneOf(String value, String name, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(lower)) {
            return lower;
        }
        throw ProblemException.badRequest("invalid-parameter", name + " must be one of " + Arrays.toString(allowed)
                + ", not '" + value + "'", Params.QUERY + name);
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 10;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.badRequest("invalid-parameter", "limit must be a whole number from 1 to 100, not '" + value
                + "'", Params.QUERY + "limit");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
