package io.weir.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend connections of one event loop with a written request waiting for its flush, flushed
 * together once the loop has handled the events at hand (a task runs after the loop's I/O batch).
 *
 * <p>Flushing each request as it is written hands the backend one request per wake-up: where the
 * backend shares a core with the node, every send wakes it, it preempts the event loop, answers
 * that one request and sleeps again. Flushed together, the backend finds the loop's requests of
 * one batch waiting and answers them in one wake-up. The delay a request takes on is the rest of
 * its loop's batch, never a timer, and at most the handling of {@value #MAX_WAITING} - 1 others: the
 * request that makes {@value #MAX_WAITING} waiting flushes them all at once. Used only from its event loop.
 */
final class BatchedFlushes implements Runnable {

    /** Requests that wait for a flush at most: a busy loop's batch can hold hundreds of events. */
    static final int MAX_WAITING = 32;

    private final EventLoop loop;
    private List<Channel> pending = new ArrayList<>();
    private List<Channel> spare = new ArrayList<>();

    BatchedFlushes(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes {@code channel} after the loop's current batch; the first of a batch schedules the flush. */
    void flushSoon(Channel channel) {
        if (pending.isEmpty()) {
            loop.execute(this);
        }
        pending.add(channel);
        if (pending.size() >= MAX_WAITING) {
            run(); // the task scheduled for them finds nothing left, or the requests written after this
        }
    }

    /** Connections waiting for the next flush (for tests). */
    int waiting() {
        return pending.size();
    }

    @Override
    public void run() {
        // a flush can fail and end an exchange whose retry writes again: that one goes to the next batch
        List<Channel> flushing = pending;
        pending = spare;
        for (int i = 0; i < flushing.size(); i++) {
            flushing.get(i).flush(); // a closed channel's flush is a no-op
        }
        flushing.clear();
        spare = flushing;
    }
}
