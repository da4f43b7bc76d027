package io.weir.dataplane.stream;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One client reading one channel: registered with the topic's shared tail, and - when it resumes
 * from an event id or a time - fed by a catch-up reader up to the tail's position at registration
 * while its live records wait in a bounded backlog. Then it drains the backlog and goes live. The
 * {@link StreamCursor} decides per partition: a record at or below the cursor was given already and
 * is skipped, so the hand-over has no gap and no duplicate. If the backlog overflows during a long
 * replay, it is dropped and the subscription re-registers for another round of catch-up from its
 * cursor. A client that cannot keep up with live records ({@code queue-capacity} waiting) is
 * dropped as a slow consumer. All state is touched on the connection's event loop only.
 */
final class StreamSubscription implements TopicTail.Listener, Replay.Target {

    /** Where live records come from: the node's shared tails ({@link TopicTails}). */
    interface Tails {
        TopicTails.Registration register(String topic, TopicTail.Listener listener);
    }


    private record Pending(StreamRecord record, String eventId) {
    }

    private final Context context;
    private final ChannelRoute channel;
    private final RecordFilter filter;
    private final StreamSink sink;
    private final Tails tails;
    private final Replay readers;
    private final int capacity;
    private final StreamCursor cursor;
    private final ArrayDeque<StreamRecord> backlog = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private StartPoint start;
    private Runnable leave;
    private boolean live;
    private boolean backlogOverflowed;
    private volatile boolean cancelled;
    /** A replay batch waiting for the socket to drain; failed on cancel so its reader is freed at once. */
    private CompletableFuture<Void> waitingTake;

    StreamSubscription(Context context, ChannelRoute channel, StartPoint start, RecordFilter filter, StreamSink sink,
                       Tails tails, Replay readers, int capacity) {
        this.context = context;
        this.channel = channel;
        this.start = start;
        this.filter = filter;
        this.sink = sink;
        this.tails = tails;
        this.readers = readers;
        this.capacity = capacity;
        this.cursor = start instanceof StartPoint.After after ? after.cursor().copy() : StreamCursor.empty();
    }

    /** Registers with the tail; {@code started} hears (on the event loop) null once reading, or why not. */
    void start(java.util.function.Consumer<String> started) {
        TopicTails.Registration registration = tails.register(channel.topic(), this);
        leave = registration.leave();
        registration.positions().whenComplete((positions, error) -> context.runOnContext(v -> {
            if (error != null) {
                started.accept("The channel's topic cannot be read: " + error.getMessage());
                return;
            }
            started.accept(null);
            registered(positions);
        }));
    }

    private void registered(Map<Integer, Long> positions) {
        if (cancelled) {
            return;
        }
        if (start instanceof StartPoint.Live) {
            cursor.startAt(positions);
            goLive();
        } else {
            readers.read(channel.topic(), start, positions, this);
        }
    }

    void cancel() {
        cancelled = true;
        if (waitingTake != null) {
            waitingTake.completeExceptionally(new IllegalStateException("closed"));
            waitingTake = null;
        }
        if (leave != null) {
            leave.run();
        }
    }

    @Override
    public void onLive(List<StreamRecord> records) {
        context.runOnContext(v -> {
            if (cancelled) {
                return;
            }
            if (live) {
                records.forEach(this::deliver);
            } else if (!backlogOverflowed) {
                backlog.addAll(records);
                if (backlog.size() > capacity) {
                    backlog.clear(); // replay is far behind: another round of catch-up will read these
                    backlogOverflowed = true;
                }
            }
        });
    }

    @Override
    public void onTailFailed(String reason) {
        context.runOnContext(v -> sink.fail(channel, "stream-failed", "Reading the channel's topic failed: " + reason));
    }

    @Override
    public void onStart(Map<Integer, Long> nextOffsets) {
        context.runOnContext(v -> cursor.startAt(nextOffsets));
    }

    @Override
    public CompletableFuture<Void> onRecords(List<StreamRecord> batch) {
        CompletableFuture<Void> taken = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (cancelled) {
                taken.completeExceptionally(new IllegalStateException("closed"));
                return;
            }
            batch.forEach(this::deliver);
            if (pending.isEmpty()) {
                taken.complete(null);
            } else {
                waitingTake = taken;
                sink.whenDrained(() -> {
                    waitingTake = null;
                    taken.complete(null);
                });
            }
        });
        return taken;
    }

    @Override
    public void onCaughtUp() {
        context.runOnContext(v -> {
            if (cancelled) {
                return;
            }
            if (backlogOverflowed) {
                backlogOverflowed = false;
                leave.run();
                start = new StartPoint.After(cursor.copy());
                start(reason -> {
                    if (reason != null) {
                        sink.fail(channel, "stream-failed", reason);
                    }
                });
            } else {
                goLive();
            }
        });
    }

    @Override
    public void onCatchUpFailed(String reason) {
        context.runOnContext(v -> {
            if ("slow-consumer".equals(reason)) {
                sink.fail(channel, "slow-consumer", "The client did not keep up with the replay.");
            } else {
                sink.fail(channel, "stream-failed", reason);
            }
        });
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    private void goLive() {
        live = true;
        while (!backlog.isEmpty() && !cancelled) {
            deliver(backlog.poll());
        }
    }

    private void deliver(StreamRecord record) {
        if (cancelled || !cursor.advance(record.partition(), record.offset()) || !filter.matches(record)) {
            return;
        }
        String eventId = cursor.encode();
        if (!pending.isEmpty() || sink.congested()) {
            pending.add(new Pending(record, eventId));
            if (pending.size() == 1) {
                sink.whenDrained(this::drain);
            } else if (pending.size() > capacity) {
                pending.clear();
                sink.fail(channel, "slow-consumer", "The client did not keep up: more than " + capacity + " messages waiting.");
            }
            return;
        }
        if (!sink.send(channel, record, eventId)) {
            cancel();
        }
    }

    private void drain() {
        while (!pending.isEmpty() && !cancelled) {
            if (sink.congested()) {
                sink.whenDrained(this::drain);
                return;
            }
            Pending next = pending.poll();
            if (!sink.send(channel, next.record(), next.eventId())) {
                cancel();
                return;
            }
        }
    }
}
