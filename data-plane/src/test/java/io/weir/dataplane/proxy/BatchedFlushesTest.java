package io.weir.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests an event loop writes to its backend connections in one batch are flushed together after
 * it, on a real Netty event loop (the connections are embedded channels counting their flushes).
 */
class BatchedFlushesTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final BatchedFlushes flushes = new BatchedFlushes(loop);

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A backend connection that counts the flushes reaching it and can act on one. */
    private static final class Connection extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushed = new AtomicInteger();
        final EmbeddedChannel channel = new EmbeddedChannel(this);
        Runnable onFlush = () -> { };

        @Override
        public void flush(ChannelHandlerContext context) {
            flushed.incrementAndGet();
            context.flush();
            onFlush.run();
        }

        /** Requests that left through a flush. */
        int sent() {
            return channel.outboundMessages().size();
        }
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        return loop.submit(work).get(5, TimeUnit.SECONDS);
    }

    /** A task after every task queued so far, the flush among them. */
    private void afterBatch() throws Exception {
        onLoop(() -> null);
    }

    private static List<Connection> connections(int count) {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(new Connection());
        }
        return connections;
    }

    @Test
    void requestsOfOneBatchLeaveTogetherAfterIt() throws Exception {
        List<Connection> connections = connections(5);
        List<Integer> sentDuringBatch = onLoop(() -> {
            List<Integer> sent = new ArrayList<>();
            for (Connection connection : connections) {
                connection.channel.write("GET /" + connections.indexOf(connection));
                flushes.flushSoon(connection.channel);
                sent.add(connection.sent());
            }
            sent.add(flushes.waiting());
            return sent;
        });
        assertThat(sentDuringBatch).containsExactly(0, 0, 0, 0, 0, 5); // nothing left while the batch ran

        afterBatch();
        for (Connection connection : connections) {
            assertThat(connection.flushed).hasValue(1);
            assertThat(connection.channel.outboundMessages()).containsExactly("GET /" + connections.indexOf(connection));
        }
        assertThat(onLoop(flushes::waiting)).isZero();
    }

    @Test
    void aLongBatchFlushesEveryMaxWaitingRequests() throws Exception {
        int count = BatchedFlushes.MAX_WAITING * 2 + 5;
        List<Connection> connections = connections(count);
        List<Integer> sentDuringBatch = onLoop(() -> {
            List<Integer> sent = new ArrayList<>();
            for (Connection connection : connections) {
                connection.channel.write("GET /");
                flushes.flushSoon(connection.channel);
                sent.add(connections.stream().mapToInt(Connection::sent).sum());
            }
            return sent;
        });
        int max = BatchedFlushes.MAX_WAITING;
        assertThat(sentDuringBatch.get(max - 2)).isZero();
        assertThat(sentDuringBatch.get(max - 1)).isEqualTo(max); // the 32nd waiting sends them all
        assertThat(sentDuringBatch.get(2 * max - 2)).isEqualTo(max);
        assertThat(sentDuringBatch.get(2 * max - 1)).isEqualTo(2 * max);
        assertThat(sentDuringBatch.get(count - 1)).isEqualTo(2 * max); // the last five wait for the batch's end

        afterBatch();
        assertThat(connections).allSatisfy(connection -> {
            assertThat(connection.sent()).isEqualTo(1);
            assertThat(connection.flushed).hasValue(1);
        });
    }

    @Test
    void eachBatchIsFlushedOnItsOwn() throws Exception {
        Connection connection = new Connection();
        for (int batch = 1; batch <= 3; batch++) {
            int request = batch;
            onLoop(() -> {
                connection.channel.write("GET /" + request);
                flushes.flushSoon(connection.channel);
                return null;
            });
            afterBatch();
            assertThat(connection.sent()).isEqualTo(batch);
            assertThat(connection.flushed).hasValue(batch);
        }
    }

    @Test
    void aRequestWrittenWhileTheBatchIsFlushedLeavesInTheNextFlush() throws Exception {
        Connection failing = new Connection();
        Connection retry = new Connection();
        // as when a flush fails, ends its exchange and the exchange retries on another connection
        failing.onFlush = () -> {
            retry.channel.write("GET /retried");
            flushes.flushSoon(retry.channel);
        };
        java.util.concurrent.CompletableFuture<List<Integer>> afterFirstFlush = new java.util.concurrent.CompletableFuture<>();
        onLoop(() -> {
            failing.channel.write("GET /first");
            flushes.flushSoon(failing.channel);
            // queued on the loop after the flush and before anything the flush queues: the retry written
            // during the flush waits for a flush of its own
            loop.execute(() -> afterFirstFlush.complete(List.of(failing.sent(), retry.sent(), flushes.waiting())));
            return null;
        });
        assertThat(afterFirstFlush.get(5, TimeUnit.SECONDS)).containsExactly(1, 0, 1);
        afterBatch();
        assertThat(retry.channel.outboundMessages()).containsExactly("GET /retried");
        assertThat(onLoop(flushes::waiting)).isZero();
    }

    @Test
    void aConnectionClosedBeforeTheFlushDoesNotHoldBackTheOthers() throws Exception {
        List<Connection> connections = connections(3);
        onLoop(() -> {
            for (Connection connection : connections) {
                connection.channel.write("GET /");
                flushes.flushSoon(connection.channel);
            }
            connections.get(1).channel.close(); // the backend went away meanwhile: its request fails with it
            return null;
        });
        afterBatch();
        assertThat(connections.get(0).sent()).isEqualTo(1);
        assertThat(connections.get(1).sent()).isZero();
        assertThat(connections.get(2).sent()).isEqualTo(1);
    }
}
