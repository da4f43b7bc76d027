package io.weir.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One timer per event loop for the exchanges' idle deadlines, on a real Netty event loop. */
class IdleDeadlinesTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final IdleDeadlines deadlines = new IdleDeadlines(loop);
    /** The exchanges expired, in the order they were. */
    private final List<Exchange> expired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A stand-in exchange: a deadline that activity moves, and the time its expiry was called. */
    private final class Exchange implements IdleDeadlines.Watched {
        volatile long deadline;
        volatile long expiredAt;
        IdleDeadlines.Watch watch;
        Runnable onExpiry = () -> { };

        Exchange(long fromNowMillis) {
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fromNowMillis);
        }

        @Override
        public long idleDeadlineNanos() {
            return deadline;
        }

        @Override
        public void idleExpired() {
            expiredAt = System.nanoTime();
            expired.add(this);
            onExpiry.run();
        }
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        return loop.submit(work).get(5, TimeUnit.SECONDS);
    }

    private Exchange watched(long fromNowMillis) throws Exception {
        return onLoop(() -> {
            Exchange exchange = new Exchange(fromNowMillis);
            exchange.watch = deadlines.watch(exchange);
            return exchange;
        });
    }

    @Test
    void anExchangeExpiresAtItsDeadlineNotBefore() throws Exception {
        Exchange exchange = watched(150);

        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.expiredAt != 0);

        assertThat(exchange.expiredAt - exchange.deadline).isGreaterThanOrEqualTo(0);
        assertThat(onLoop(deadlines::watched)).isZero();
    }

    @Test
    void activityMovesTheDeadlineLater() throws Exception {
        Exchange exchange = watched(100);
        // activity 50 ms in: idle for 300 ms from then
        long postponedTo = loop.schedule(() -> {
            exchange.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            return exchange.deadline;
        }, 50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.expiredAt != 0);

        assertThat(exchange.expiredAt - postponedTo).as("not at the first deadline").isGreaterThanOrEqualTo(0);
        assertThat(expired).containsExactly(exchange);
    }

    @Test
    void anEndedWatchNeverExpires() throws Exception {
        Exchange ended = watched(50);
        Exchange later = watched(250);
        onLoop(() -> {
            ended.watch.end();
            ended.watch.end(); // twice: harmless
            return null;
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> later.expiredAt != 0);

        assertThat(expired).as("the ended one's deadline passed long before").containsExactly(later);
    }

    @Test
    void deadlinesWatchedInAnyOrderExpireInTheirOwnOrderEachNotBeforeItsOwn() throws Exception {
        List<Exchange> exchanges = new ArrayList<>();
        for (long millis : new long[] {400, 300, 60, 200, 100, 100, 500}) {
            exchanges.add(watched(millis));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> expired.size() == exchanges.size());

        for (Exchange exchange : exchanges) {
            assertThat(exchange.expiredAt - exchange.deadline).isGreaterThanOrEqualTo(0);
        }
        assertThat(expired).extracting(e -> e.deadline).isSorted();
        assertThat(onLoop(deadlines::watched)).isZero();
    }

    @Test
    void anExpiryThatEndsOrStartsOtherExchangesIsSafe() throws Exception {
        Exchange first = watched(80);
        Exchange second = watched(80);
        Exchange[] begun = new Exchange[1];
        Runnable endTheOtherAndStartAnother = () -> {
            Exchange other = expired.get(0) == first ? second : first;
            other.watch.end(); // e.g. both on one client connection, which the first one's 504 closed
            begun[0] = new Exchange(100);
            begun[0].watch = deadlines.watch(begun[0]);
        };
        first.onExpiry = endTheOtherAndStartAnother;
        second.onExpiry = endTheOtherAndStartAnother;

        await().atMost(Duration.ofSeconds(5)).until(() -> expired.size() == 2);

        assertThat(expired).hasSize(2).doesNotContain(expired.get(0) == first ? second : first);
        assertThat(expired.get(1)).isSameAs(begun[0]);
        assertThat(onLoop(deadlines::watched)).isZero();
    }

    @Test
    void manyShortExchangesLeaveOnlyTheOneStillRunningToExpire() throws Exception {
        onLoop(() -> {
            for (int i = 0; i < 10_000; i++) {
                Exchange exchange = new Exchange(50);
                deadlines.watch(exchange).end();
            }
            return null;
        });
        Exchange stuck = watched(100);

        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.expiredAt != 0);

        assertThat(expired).containsExactly(stuck);
        assertThat(onLoop(deadlines::watched)).isZero();
    }
}
