package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-over from replay to live, on a real event loop, with the tail and the replay driven by the test. */
class StreamSubscriptionTest {

    private static final ChannelRoute CHANNEL = new ChannelRoute("orders", "orders-topic", List.of(), null);

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final Sink sink = new Sink();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger left = new AtomicInteger();
    private final List<CompletableFuture<Map<Integer, Long>>> positions = new CopyOnWriteArrayList<>();
    private final AtomicReference<Replay.Target> replay = new AtomicReference<>();
    private final AtomicReference<StartPoint> replayedFrom = new AtomicReference<>();
    private final AtomicReference<Map<Integer, Long>> replayedUntil = new AtomicReference<>();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void liveStartsAtTheTailsPositionAndTheIdsCarryEveryPartition() {
        StreamSubscription subscription = subscription(new StartPoint.Live(), RecordFilter.ALL, 100);
        start(subscription);
        positions.get(0).complete(Map.of(0, 10L, 1, 3L));
        subscription.onLive(List.of(record(0, 10), record(1, 3)));
        awaitOffsets("0:10", "1:3");
        assertThat(sink.ids).containsExactly("0:10.1:2", "0:10.1:3");
    }

    @Test
    void resumeReplaysUpToTheRegistrationThenGoesLiveWithoutGapOrDuplicate() {
        StreamSubscription subscription = subscription(new StartPoint.After(StreamCursor.parse("0:4.1:1")), RecordFilter.ALL, 100);
        start(subscription);
        positions.get(0).complete(Map.of(0, 8L, 1, 2L));
        Awaitility.await().alias("a replay was asked for").atMost(Duration.ofSeconds(5)).until(() -> replay.get() != null);
        assertThat(replayedUntil.get()).isEqualTo(Map.of(0, 8L, 1, 2L));
        // live records arrive while the replay runs: held back
        subscription.onLive(List.of(record(0, 8), record(0, 9)));
        replay.get().onStart(Map.of(0, 5L, 1, 2L));
        replay.get().onRecords(List.of(record(0, 5), record(0, 6))).join();
        // a record the client had (at or below its id) is never given again
        replay.get().onRecords(List.of(record(0, 4), record(0, 7))).join();
        assertThat(sink.offsets()).containsExactly("0:5", "0:6", "0:7");
        replay.get().onCaughtUp();
        subscription.onLive(List.of(record(0, 9), record(1, 2), record(0, 10)));
        awaitOffsets("0:5", "0:6", "0:7", "0:8", "0:9", "1:2", "0:10");
        assertThat(sink.ids.get(sink.ids.size() - 1)).isEqualTo("0:10.1:2");
    }

    @Test
    void aBacklogThatOverflowsDuringReplayIsReadAgainInAnotherRound() {
        StreamSubscription subscription = subscription(new StartPoint.After(StreamCursor.parse("0:-1")), RecordFilter.ALL, 2);
        start(subscription);
        positions.get(0).complete(Map.of(0, 2L));
        Awaitility.await().alias("first replay").atMost(Duration.ofSeconds(5)).until(() -> replay.get() != null);
        Replay.Target first = replay.getAndSet(null);
        subscription.onLive(List.of(record(0, 2), record(0, 3), record(0, 4))); // over the capacity of 2: dropped
        first.onStart(Map.of(0, 0L));
        first.onRecords(List.of(record(0, 0), record(0, 1))).join();
        first.onCaughtUp();
        Awaitility.await().alias("second round registered").atMost(Duration.ofSeconds(5)).until(() -> positions.size() == 2);
        assertThat(left.get()).as("left the tail before registering again").isEqualTo(1);
        positions.get(1).complete(Map.of(0, 5L));
        Awaitility.await().alias("second replay").atMost(Duration.ofSeconds(5)).until(() -> replay.get() != null);
        assertThat(replayedFrom.get()).isInstanceOfSatisfying(StartPoint.After.class,
                after -> assertThat(after.cursor().encode()).isEqualTo("0:1"));
        replay.get().onStart(Map.of(0, 2L));
        replay.get().onRecords(List.of(record(0, 2), record(0, 3), record(0, 4))).join();
        replay.get().onCaughtUp();
        subscription.onLive(List.of(record(0, 5)));
        awaitOffsets("0:0", "0:1", "0:2", "0:3", "0:4", "0:5");
    }

    @Test
    void filteredRecordsAdvanceTheCursorWithoutBeingSent() {
        StreamSubscription subscription = subscription(new StartPoint.Live(), new RecordFilter("wanted", Map.of()), 100);
        start(subscription);
        positions.get(0).complete(Map.of(0, 0L));
        subscription.onLive(List.of(record(0, 0, "other"), record(0, 1, "wanted"), record(0, 2, "other"), record(0, 3, "wanted")));
        awaitOffsets("0:1", "0:3");
        assertThat(sink.ids).containsExactly("0:1", "0:3");
    }

    @Test
    void aClientThatCannotKeepUpIsDroppedAsASlowConsumer() {
        sink.congested = true;
        StreamSubscription subscription = subscription(new StartPoint.Live(), RecordFilter.ALL, 3);
        start(subscription);
        positions.get(0).complete(Map.of(0, 0L));
        subscription.onLive(List.of(record(0, 0), record(0, 1), record(0, 2), record(0, 3)));
        Awaitility.await().alias("dropped as slow").atMost(Duration.ofSeconds(5)).until(() -> "slow-consumer".equals(sink.failure.get()));
        assertThat(sink.sent).isEmpty();
    }

    private StreamSubscription subscription(StartPoint start, RecordFilter filter, int capacity) {
        StreamSubscription.Tails tails = (topic, listener) -> {
            registrations.incrementAndGet();
            CompletableFuture<Map<Integer, Long>> at = new CompletableFuture<>();
            positions.add(at);
            return new TopicTails.Registration(left::incrementAndGet, at);
        };
        Replay readers = (topic, from, until, target) -> {
            replayedFrom.set(from);
            replayedUntil.set(until);
            replay.set(target);
        };
        return new StreamSubscription(context, CHANNEL, start, filter, sink, tails, readers, capacity);
    }

    private void start(StreamSubscription subscription) {
        AtomicReference<String> started = new AtomicReference<>("pending");
        context.runOnContext(v -> subscription.start(started::set));
        Awaitility.await().alias("registered").atMost(Duration.ofSeconds(5)).until(() -> positions.size() == 1);
    }

    private void awaitOffsets(String... offsets) {
        Awaitility.await().alias("records delivered").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sink.offsets()).containsExactly(offsets));
    }

    private static StreamRecord record(int partition, long offset) {
        return record(partition, offset, "k");
    }

    private static StreamRecord record(int partition, long offset, String key) {
        return new StreamRecord(partition, offset, 0, key, Map.of(), "\"partition\":" + partition + ",\"offset\":" + offset, 10);
    }

    private static final class Sink implements StreamSink {
        final List<StreamRecord> sent = new CopyOnWriteArrayList<>();
        final List<String> ids = new CopyOnWriteArrayList<>();
        final AtomicReference<String> failure = new AtomicReference<>();
        volatile boolean congested;

        List<String> offsets() {
            List<String> offsets = new ArrayList<>();
            sent.forEach(r -> offsets.add(r.partition() + ":" + r.offset()));
            return offsets;
        }

        @Override
        public boolean send(ChannelRoute channel, StreamRecord record, String eventId) {
            sent.add(record);
            ids.add(eventId);
            return true;
        }

        @Override
        public boolean congested() {
            return congested;
        }

        @Override
        public void whenDrained(Runnable drained) {
        }

        @Override
        public void fail(ChannelRoute channel, String code, String reason) {
            failure.set(code);
        }
    }
}
