package io.weir.processors.analytics;

import static io.weir.processors.analytics.Invocations.T0;
import static io.weir.processors.analytics.Invocations.connection;
import static io.weir.processors.analytics.Invocations.message;
import static io.weir.processors.analytics.Invocations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationFoldTest {

    private final InvocationFold fold = new InvocationFold(AnalyticsSettings.defaults());
    private final Map<WindowKey, WindowFigures> published = new HashMap<>();
    private long offset;

    @Test
    void anInvocationIsCountedUnderSixDimensionsInThreeWindowSizes() {
        apply(request("pets", T0.plusSeconds(5), 200, 1200).build());
        drain();

        assertThat(published).hasSize(18);
        WindowFigures api = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(api.requests).isEqualTo(1);
        assertThat(api.requestBytes).isEqualTo(100);
        assertThat(api.responseBytes).isEqualTo(1000);
        assertThat(api.gatewayLatency.getTotalCount()).isEqualTo(1);
        assertThat(api.backendLatency.getValueAtPercentile(50)).isBetween(594L, 606L);
        assertThat(figures(AnalyticsDimension.API_RESOURCE, "GET /pets/{id}", AnalyticsWindowSize.HOUR, T0).requests)
                .isEqualTo(1);
        assertThat(figures(AnalyticsDimension.API_STATUS_CLASS, "2xx", AnalyticsWindowSize.DAY,
                T0.minus(Duration.ofHours(10))).requests).isEqualTo(1);
        assertThat(figures(AnalyticsDimension.GATEWAY_NODE, "node-1", AnalyticsWindowSize.MINUTE, T0).requests).isEqualTo(1);
    }

    @Test
    void errorClassesDoNotOverlap() {
        apply(request("pets", T0, 429, 10).setThrottled(true).build());
        apply(request("pets", T0, 401, 10).build());
        apply(request("pets", T0, 403, 10).build());
        apply(request("pets", T0, 404, 10).build());
        apply(request("pets", T0, 502, 10).build());
        apply(request("pets", T0, 200, 10).build());
        drain();

        WindowFigures api = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(List.of(api.requests, api.throttled, api.authFailures, api.clientErrors, api.serverErrors))
                .containsExactly(6L, 1L, 2L, 1L, 1L);
        assertThat(figures(AnalyticsDimension.API_STATUS_CLASS, "4xx", AnalyticsWindowSize.MINUTE, T0).requests)
                .isEqualTo(4);
    }

    @Test
    void outOfOrderWithinTheGraceIsCountedAndLaterIsOnlyLate() {
        apply(request("pets", T0.plusSeconds(130), 200, 10).build()); // stream time 10:02:10
        apply(request("pets", T0.plusSeconds(70), 200, 10).build());  // minute 10:01 closes at 10:03: in time
        apply(request("pets", T0.plusSeconds(10), 200, 10).build());  // minute 10:00 closed at 10:02: late
        drain();

        assertThat(figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0.plusSeconds(60)).requests).isEqualTo(1);
        WindowFigures closedMinute = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(closedMinute.requests).isZero();
        assertThat(closedMinute.late).isEqualTo(1);
        WindowFigures hour = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.HOUR, T0);
        assertThat(hour.requests).isEqualTo(3);
        assertThat(hour.late).isZero();
    }

    @Test
    void aRepeatedDeliveryCountsOnlyAsDuplicate() {
        Invocation once = request("pets", T0, 500, 10).build();
        apply(once);
        apply(once);
        drain();
        apply(once); // after a checkpoint, too
        drain();

        WindowFigures api = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(api.requests).isEqualTo(1);
        assertThat(api.serverErrors).isEqualTo(1);
        assertThat(api.duplicates).isEqualTo(2);
    }

    @Test
    void aBatchIsFoldedInvocationByInvocationAndMovesThePositionPastItsRecordOnce() {
        Invocation repeated = request("pets", T0.plusSeconds(2), 200, 10).build();
        fold.apply(new InvocationBatch(List.of(request("pets", T0, 200, 10).build(), repeated,
                request("pets", T0.plusSeconds(1), 500, 10).build(), repeated)), offset++);

        assertThat(fold.folded()).as("invocations, not records").isEqualTo(4);
        assertThat(fold.nextOffset()).as("the record after the batch").isEqualTo(offset);
        drain();
        WindowFigures api = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(List.of(api.requests, api.serverErrors, api.duplicates)).containsExactly(3L, 1L, 1L);
    }

    @Test
    void streamingFiguresAndTheConnectionGauge() {
        apply(connection("chat", T0, InvocationKind.CONNECTION_OPENED).build());
        apply(connection("chat", T0.plusSeconds(1), InvocationKind.CONNECTION_OPENED).build());
        apply(message("chat", T0.plusSeconds(2), MessageDirection.INBOUND, 3, 300).build());
        apply(message("chat", T0.plusSeconds(3), MessageDirection.OUTBOUND, 5, 700).build());
        apply(connection("chat", T0.plusSeconds(70), InvocationKind.CONNECTION_CLOSED).build());
        drain();

        WindowFigures first = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0);
        assertThat(List.of(first.connectionsOpened, first.openConnections, first.messages, first.messagesInbound,
                first.messagesOutbound, first.bytesInbound, first.bytesOutbound)).containsExactly(2L, 2L, 8L, 3L, 5L, 300L, 700L);
        WindowFigures second = figures(AnalyticsDimension.API, "", AnalyticsWindowSize.MINUTE, T0.plusSeconds(60));
        assertThat(List.of(second.connectionsClosed, second.openConnections)).containsExactly(1L, 1L);
        assertThat(first.gatewayLatency.getTotalCount()).isZero();
    }

    @Test
    void closedWindowsLeaveMemoryAfterTheirLastFiguresWereDrained() {
        apply(request("pets", T0, 200, 10).build());
        apply(request("pets", T0.plus(Duration.ofHours(3)), 200, 10).build());
        drain();

        assertThat(fold.windowKeys()).allSatisfy(key -> assertThat(fold.isClosed(key)).isFalse());
        assertThat(fold.windowKeys()).noneMatch(key -> key.size() == AnalyticsWindowSize.MINUTE && key.start() == T0.toEpochMilli());
        apply(request("pets", T0.plusSeconds(1), 200, 10).build());
        InvocationFold.Changes late = fold.drain();
        assertThat(late.closedDeltas()).hasSize(12); // minute and hour windows of six dimensions
        assertThat(late.closedDeltas().values()).allSatisfy(delta -> assertThat(delta).containsExactly(1, 0));
    }

    private void apply(Invocation invocation) {
        fold.apply(invocation, offset++);
    }

    private void drain() {
        InvocationFold.Changes changes = fold.drain();
        published.putAll(changes.windows());
        changes.closedDeltas().forEach((key, delta) -> {
            WindowFigures figures = published.computeIfAbsent(key, k -> new WindowFigures());
            figures.late += delta[0];
            figures.duplicates += delta[1];
        });
        assertThat(changes.nextOffset()).isEqualTo(offset);
    }

    private WindowFigures figures(AnalyticsDimension dimension, String value, AnalyticsWindowSize size, java.time.Instant at) {
        String api = dimension == AnalyticsDimension.GATEWAY_NODE || dimension == AnalyticsDimension.ENVIRONMENT ? null
                : published.keySet().stream().map(k -> k.dimension().apiId()).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        WindowKey key = WindowKey.of(new DimensionKey("acme", "production", dimension, api, value), size, at.toEpochMilli());
        assertThat(published).as("published " + key).containsKey(key);
        return published.get(key);
    }
}
