package io.weir.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle deadlines of the exchanges one event loop relays, watched by one timer instead of a timer per
 * exchange. A timer per exchange cost a scheduled task, its insertion into the loop's task queue and its
 * removal from it again on every call (1.1 % of a loaded node's event-loop samples), although almost every
 * exchange ends long before its deadline. Here an exchange is linked into a list when it starts and unlinked
 * when it ends (constant time, no queue), and the loop's one timer is set for the earliest deadline it knows
 * of: when it fires it expires every exchange whose deadline has passed, exactly as its own timer would have,
 * and sets itself for the earliest deadline left. A deadline moves later with activity ({@link
 * Watched#idleDeadlineNanos} is read when the timer fires), so a busy loop's timer fires about once per
 * timeout, whatever the call rate. Used only from its event loop.
 */
final class IdleDeadlines {

    /** What is watched: an exchange with an idle deadline. */
    interface Watched {

        /** When, in {@link System#nanoTime()}, it is idle too long; may move later, never earlier than when watched. */
        long idleDeadlineNanos();

        /** Its deadline passed: it ends itself (and so is {@link Watch#end ended}). */
        void idleExpired();
    }

    /** One watched exchange's place in the list, to end the watch with. */
    static final class Watch {

        private final IdleDeadlines owner;
        private final Watched watched;
        private Watch previous;
        private Watch next;
        private boolean ended;

        private Watch(IdleDeadlines owner, Watched watched) {
            this.owner = owner;
            this.watched = watched;
        }

        /** It needs no more watching (it ended, or its deadline fired); ending twice is harmless. */
        void end() {
            owner.unlink(this);
        }
    }

    private final EventLoop loop;
    private Watch first;
    private int watched;
    private ScheduledFuture<?> timer;
    /** When the timer fires; {@link Long#MAX_VALUE} when it is not set. */
    private long timerAt = Long.MAX_VALUE;

    IdleDeadlines(EventLoop loop) {
        this.loop = loop;
    }

    /** Watches {@code exchange} until its watch ends; its deadline must be set already. */
    Watch watch(Watched exchange) {
        Watch watch = new Watch(this, exchange);
        watch.next = first;
        if (first != null) {
            first.previous = watch;
        }
        first = watch;
        watched++;
        long deadline = exchange.idleDeadlineNanos();
        if (deadline < timerAt) {
            setTimer(deadline);
        }
        return watch;
    }

    /** How many exchanges are watched now. */
    int watched() {
        return watched;
    }

    private void unlink(Watch watch) {
        if (watch.ended) {
            return;
        }
        watch.ended = true;
        if (watch.previous == null) {
            first = watch.next;
        } else {
            watch.previous.next = watch.next;
        }
        if (watch.next != null) {
            watch.next.previous = watch.previous;
        }
        watch.previous = null;
        watch.next = null;
        watched--;
        // the timer stays set: when it fires with nothing left to watch it just stops
    }

    private void setTimer(long at) {
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = at;
        timer = loop.schedule(this::fire, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        long now = System.nanoTime();
        List<Watch> expired = null;
        for (Watch watch = first; watch != null; watch = watch.next) {
            if (watch.watched.idleDeadlineNanos() - now <= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(watch);
            }
        }
        if (expired != null) {
            expired.sort(Comparator.comparingLong(watch -> watch.watched.idleDeadlineNanos()));
            // ending one may end others (their client connection closes): each is checked again before it is expired
            for (Watch watch : expired) {
                if (!watch.ended) {
                    unlink(watch);
                    watch.watched.idleExpired();
                }
            }
        }
        long next = Long.MAX_VALUE;
        for (Watch watch = first; watch != null; watch = watch.next) {
            next = Math.min(next, watch.watched.idleDeadlineNanos());
        }
        if (next < timerAt) { // an exchange that began while expiring the others may have set the timer already
            setTimer(next);
        }
    }
}
