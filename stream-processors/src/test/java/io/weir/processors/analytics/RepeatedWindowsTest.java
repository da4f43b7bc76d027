package io.weir.processors.analytics;

import static io.weir.processors.analytics.Invocations.T0;
import static io.weir.processors.analytics.Invocations.connection;
import static io.weir.processors.analytics.Invocations.message;
import static io.weir.processors.analytics.Invocations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Counting repeated dimension values through {@link RepeatedWindows} must change exactly what the
 * full path changes: two folds, one with it and one without, over the same mixed records (repeats,
 * new values, minute and hour boundaries, late records, duplicates, connections, drains between)
 * must hand over the same changes, drain after drain.
 */
class RepeatedWindowsTest {

    private static final String[] APIS = {"pets", "orders"};
    private static final String[] APPLICATIONS = {"app-1", "app-2", null};
    private static final String[] RESOURCES = {"/pets/{id}", "/pets"};
    private static final int[] STATUSES = {200, 200, 200, 201, 204, 404, 500, 0};
    private static final String[] NODES = {"node-1", "node-2"};

    @Test
    void foldingThroughRepeatedWindowsChangesExactlyWhatTheFullPathChanges() {
        InvocationFold reusing = new InvocationFold(AnalyticsSettings.defaults(), true);
        InvocationFold full = new InvocationFold(AnalyticsSettings.defaults(), false);
        Random random = new Random(20261206);
        List<Invocation> earlier = new ArrayList<>();
        Instant now = T0;
        Invocation current = request("pets", now, 200, 900).build();
        long offset = 0;
        int drains = 0;
        for (int i = 0; i < 20_000; i++) {
            int roll = random.nextInt(1000);
            Invocation next;
            if (roll < 700) {
                next = copy(current).setInvocationId("id-" + i).setTimestamp(now).build(); // the same values again
            } else if (roll < 880) {
                next = varied(random, now, i);
            } else if (roll < 920) {
                next = earlier.get(random.nextInt(earlier.size())); // delivered again
            } else if (roll < 940) {
                Invocation.Builder late = random.nextBoolean() ? copy(current)
                        : copy(current).setKind(random.nextBoolean() ? InvocationKind.CONNECTION_OPENED : InvocationKind.CONNECTION_CLOSED);
                next = late.setInvocationId("late-" + i).setTimestamp(now.minusSeconds(60L * (2 + random.nextInt(90))))
                        .build(); // late for its minute window, maybe for its hour window too; a gauge moves all the same
            } else if (roll < 960) {
                next = connection(APIS[random.nextInt(2)], now, random.nextBoolean()
                        ? InvocationKind.CONNECTION_OPENED : InvocationKind.CONNECTION_CLOSED).setInvocationId("c-" + i).build();
            } else {
                now = now.plusMillis(random.nextInt(4) == 0 ? 60_000L * random.nextInt(30) : random.nextInt(3_000));
                next = copy(current).setInvocationId("t-" + i).setTimestamp(now).build();
            }
            current = next;
            earlier.add(next);
            reusing.apply(next, offset);
            full.apply(next, offset);
            offset++;
            if (random.nextInt(400) == 0) {
                assertSameChanges(reusing.drain(), full.drain());
                drains++;
            }
        }
        assertSameChanges(reusing.drain(), full.drain());
        assertThat(drains).isGreaterThan(20);
        assertThat(reusing.openWindows()).isEqualTo(full.openWindows());
        assertThat(reusing.countedThroughRepeated())
                .as("most records repeat the one before: the shortcut must actually be taken")
                .isGreaterThan(10_000);
        assertThat(full.countedThroughRepeated()).isZero();
    }

    private static Invocation varied(Random random, Instant at, int i) {
        Invocation.Builder builder = random.nextInt(10) == 0
                ? message(APIS[random.nextInt(2)], at, random.nextBoolean() ? MessageDirection.INBOUND : MessageDirection.OUTBOUND,
                        1 + random.nextInt(3), 10 + random.nextInt(500))
                : request(APIS[random.nextInt(2)], at, STATUSES[random.nextInt(STATUSES.length)], 100 + random.nextInt(50_000));
        int status = builder.getStatusCode();
        return builder.setInvocationId("v-" + i).setApplicationId(APPLICATIONS[random.nextInt(APPLICATIONS.length)])
                .setResource(RESOURCES[random.nextInt(RESOURCES.length)]).setGatewayNode(NODES[random.nextInt(NODES.length)])
                .setThrottled(status == 200 && random.nextInt(20) == 0).build();
    }

    private static Invocation.Builder copy(Invocation invocation) {
        return Invocation.newBuilder(invocation);
    }

    private static void assertSameChanges(InvocationFold.Changes reusing, InvocationFold.Changes full) {
        assertThat(records(reusing.windows())).isEqualTo(records(full.windows()));
        assertThat(new ArrayList<>(reusing.windows().keySet())).as("order of the changed windows")
                .isEqualTo(new ArrayList<>(full.windows().keySet()));
        assertThat(deltas(reusing.closedDeltas())).isEqualTo(deltas(full.closedDeltas()));
        assertThat(reusing.gauges()).isEqualTo(full.gauges());
        assertThat(reusing.fingerprints().keySet()).isEqualTo(full.fingerprints().keySet());
        reusing.fingerprints().forEach((bucket, pairs) -> assertThat(pairs).isEqualTo(full.fingerprints().get(bucket)));
        assertThat(reusing.streamTime()).isEqualTo(full.streamTime());
        assertThat(reusing.nextOffset()).isEqualTo(full.nextOffset());
    }

    private static Map<String, Object> records(Map<WindowKey, WindowFigures> windows) {
        Map<String, Object> records = new TreeMap<>();
        windows.forEach((key, figures) -> records.put(key.storeKey(0), figures.toRecord(key, 0, T0)));
        return records;
    }

    private static Map<String, List<Long>> deltas(Map<WindowKey, long[]> deltas) {
        Map<String, List<Long>> plain = new TreeMap<>();
        deltas.forEach((key, delta) -> plain.put(key.storeKey(0), List.of(delta[0], delta[1])));
        return plain;
    }
}
