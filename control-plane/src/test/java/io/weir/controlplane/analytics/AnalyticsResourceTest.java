package io.weir.controlplane.analytics;

import static io.weir.controlplane.api.Fakes.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AnalyticsResourceTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private Caller caller = caller("pat", "acme", Role.PUBLISHER);
    private final List<InvocationAggregate> stored = new ArrayList<>();
    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<ApiView>()
            .with("pets", SampleViews.api("pets", "acme", "Pets", 1))
            .with("orders", SampleViews.api("orders", "globex", "Orders", 1));
    private final AnalyticsResource resource = new AnalyticsResource(
            (organization, size, from, to) -> stored.stream().filter(a -> a.getOrganization().equals(organization)
                    && a.getWindowSize() == size && !a.getWindowStart().isBefore(from) && a.getWindowStart().isBefore(to)),
            apis, new Fakes.MapView<ApplicationView>(), () -> caller, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));

    @Test
    void partialsOfSeveralPartitionsAndWindowsAddUpAndPercentilesComeFromTheMergedHistogram() {
        stored.add(aggregate("acme", AnalyticsDimension.API, "pets", 0, T0, 10, 2, 1000, 2000));
        stored.add(aggregate("acme", AnalyticsDimension.API, "pets", 1, T0, 5, 0, 9000));
        stored.add(aggregate("acme", AnalyticsDimension.API, "pets", 0, T0.plusSeconds(60), 1, 1, 50_000));
        stored.add(aggregate("acme", AnalyticsDimension.API, "pets", 0, T0.plusSeconds(7200), 100, 0, 1)); // after the range

        var summary = resource.summary("pets", null, null, T0.toString(), T0.plusSeconds(3600).toString(), "minute");

        assertThat(summary.requests()).isEqualTo(16);
        assertThat(summary.errors().serverErrors()).isEqualTo(3);
        assertThat(summary.gatewayLatency().count()).isEqualTo(4);
        assertThat(summary.gatewayLatency().p50()).isBetween(1990L, 2010L);
        assertThat(summary.gatewayLatency().max()).isBetween(49_700L, 50_300L);
        var series = resource.timeseries("requests", "pets", null, null, T0.toString(), T0.plusSeconds(180).toString(), "minute");
        assertThat(series.points()).extracting(p -> p.value()).containsExactly(15L, 1L, 0L);
    }

    @Test
    void topApisAreRankedByVolumeWithTheirNames() {
        stored.add(aggregate("acme", AnalyticsDimension.API, "pets", 0, T0, 10, 0, 100));
        stored.add(aggregate("acme", AnalyticsDimension.API, "birds", 1, T0, 30, 0, 100));

        var top = resource.top("apis", null, "1", null, null, T0.toString(), T0.plusSeconds(60).toString(), null);

        assertThat(top.items()).singleElement().satisfies(item -> assertThat(item.id()).isEqualTo("birds"));
        assertThat(resource.top(null, "requests", null, null, null, T0.toString(), T0.plusSeconds(60).toString(), null)
                .items().get(1).name()).isEqualTo("Pets");
    }

    @Test
    void badQueriesAreClearProblems() {
        assertProblem(404, "not-found", () -> resource.summary("nope", null, null, null, null, null));
        assertProblem(404, "not-found", () -> resource.summary("orders", null, null, null, null, null)); // globex's
        assertProblem(400, "range-too-large", () -> resource.summary(null, null, null, "2026-01-01T00:00:00Z",
                "2026-11-01T00:00:00Z", "minute"));
        assertProblem(400, "invalid-parameter", () -> resource.summary(null, null, null, null, null, "fortnight"));
        assertProblem(400, "invalid-parameter", () -> resource.summary(null, null, null, "yesterday", null, null));
        assertProblem(400, "invalid-range", () -> resource.summary(null, null, null, T0.toString(), T0.toString(), null));
        assertProblem(400, "invalid-parameter", () -> resource.timeseries("happiness", null, null, null, null, null, null));
        assertProblem(400, "invalid-parameter", () -> resource.top("users", null, null, null, null, null, null, null));
        assertProblem(400, "invalid-parameter", () -> resource.top(null, null, "1000", null, null, null, null, null));
        caller = caller("sam", "acme", Role.SUBSCRIBER);
        assertProblem(403, "forbidden", () -> resource.summary(null, null, null, null, null, null));
    }

    private static void assertProblem(int status, String type, Executable call) {
        ProblemException e = catchThrowableOfType(ProblemException.class, call::execute);
        assertThat(e).as("a problem").isNotNull();
        assertThat(e.problem().status()).isEqualTo(status);
        assertThat(e.problem().type()).endsWith("/" + type);
    }

    private static InvocationAggregate aggregate(String organization, AnalyticsDimension dimension, String api, int partition,
                                                 Instant start, long requests, long serverErrors, long... latencies) {
        Histogram histogram = new Histogram(2);
        for (long latency : latencies) {
            histogram.recordValue(latency);
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return InvocationAggregate.newBuilder().setOrganization(organization).setEnvironment("production")
                .setDimension(dimension).setApiId(api).setDimensionValue("").setWindowSize(AnalyticsWindowSize.MINUTE)
                .setWindowStart(start).setSourcePartition(partition).setRequests(requests).setMessages(0)
                .setClientErrors(0).setServerErrors(serverErrors).setThrottled(0).setAuthFailures(0).setRequestBytes(0)
                .setResponseBytes(0).setGatewayLatency(ByteBuffer.wrap(buffer.array(), 0, length))
                .setBackendLatency(ByteBuffer.allocate(0)).setConnectionsOpened(0).setConnectionsClosed(0)
                .setOpenConnections(0).setMessagesInbound(0).setMessagesOutbound(0).setBytesInbound(0).setBytesOutbound(0)
                .setLate(0).setDuplicates(0).setUpdatedAt(start).build();
    }
}
