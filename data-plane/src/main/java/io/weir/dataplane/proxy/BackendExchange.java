package io.weir.dataplane.proxy;

import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.proxy.BackendProxy.Forward;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;
import io.weir.dataplane.proxy.ProxyOutcome.Relayed;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request relayed to its backend and its answer relayed back, on the event loop that serves the
 * client's connection: the request written by its {@link BackendRequest}, the answer relayed by its
 * {@link BackendAnswer}, and here what binds them — the pooled connection, one retry when a kept-alive
 * connection turns out closed before anything reached the backend, the idle timeout, and how it ends. The
 * API's timeout is an idle timeout: no byte either way for that long is a 504 before the answer started and
 * a reset after. The connection goes back to its pool only when both messages were complete and the
 * backend kept it alive.
 */
final class BackendExchange implements OriginPool.Waiter, IdleDeadlines.Watched {

    private final HttpServerRequest in;
    private final HttpServerResponse out;
    private final Consumer<ProxyOutcome> done;
    private final OriginPool pool;
    private final IdleDeadlines deadlines;
    private final BackendRequest request;
    private final BackendAnswer answer;
    private final long startedNanos;
    private final long timeoutNanos;
    private final long timeoutMillis;

    private long connectTimeoutMillis;
    private BackendConnection connection;
    private IdleDeadlines.Watch watch;
    private long lastActivityNanos;
    private boolean reused;
    private boolean retried;
    private boolean finished;

    BackendExchange(HttpServerRequest in, HttpServerResponse out, Forward forward, Consumer<ProxyOutcome> done,
                    OriginPool pool, IdleDeadlines deadlines, BatchedFlushes flushes, boolean hasBody) {
        this.in = in;
        this.out = out;
        this.done = done;
        this.pool = pool;
        this.deadlines = deadlines;
        this.request = new BackendRequest(this, in, forward, flushes, hasBody);
        this.answer = new BackendAnswer(this, in.method(), out, forward);
        this.startedNanos = System.nanoTime();
        this.lastActivityNanos = startedNanos;
        this.timeoutMillis = forward.timeoutMillis();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, forward.timeoutMillis()));
    }

    void start(long connectTimeout) {
        connectTimeoutMillis = Math.min(connectTimeout, timeoutMillis);
        watch = deadlines.watch(this);
        pool.acquire(this, connectTimeoutMillis, false);
    }

    // --- connection ---

    @Override
    public void acquired(BackendConnection acquired, boolean wasReused) {
        if (finished) {
            pool.release(acquired);
            return;
        }
        connection = acquired;
        reused = wasReused;
        acquired.exchange = this;
        request.send(acquired.channel, retried);
    }

    @Override
    public void unavailable(Throwable cause) {
        if (!finished) {
            fail(BackendFailures.failure(cause, micros()));
        }
    }

    /** The backend connection closed under this exchange. */
    void connectionLost(Throwable cause) {
        connection = null;
        if (finished) {
            return;
        }
        boolean answerStarted = answer.headReceived() || answer.informational();
        if (!answerStarted && reused && !retried && request.retryable()) {
            // the backend closed a kept-alive connection just as it was reused: nothing reached it, try a new one
            retried = true;
            pool.acquire(this, connectTimeoutMillis, true);
            return;
        }
        if (!answer.headReceived()) {
            fail(BackendFailures.failure(cause == null ? new ClosedChannelException() : cause, micros()));
        } else {
            abort();
        }
    }

    /** What the backend sent on the connection. */
    void received(Object message) {
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        active();
        answer.received(message, connection.channel);
    }

    /** The backend connection can take more of the request body. */
    void writable() {
        if (!finished) {
            request.writable();
        }
    }

    // --- what the halves report ---

    boolean finished() {
        return finished;
    }

    /** A byte went either way: the idle timeout starts again. */
    void active() {
        lastActivityNanos = System.nanoTime();
    }

    /**
     * The request could not be sent whole (its body too large, or broken off by the client), or the answer
     * could not be read: before the answer's head, the caller's problem; after it, a reset.
     */
    void broken(Failed failure) {
        if (finished) {
            return;
        }
        if (answer.headReceived()) {
            abort();
        } else {
            fail(failure);
        }
    }

    /** The final answer's head has gone to the client (or found it gone): the caller's outcome. */
    void relayed(int status, long backendMicros) {
        done.accept(new Relayed(status, backendMicros));
    }

    // --- ending ---

    /** The answer was relayed whole. */
    void complete() {
        finish();
        BackendConnection used = connection;
        connection = null;
        if (!request.sent()) {
            // the backend answered before the request body was through: that connection cannot be reused
            if (used != null) {
                used.discard();
            }
            in.resume(); // the rest of the client's body is read and dropped
            return;
        }
        if (used != null) {
            if (answer.keepAlive()) {
                pool.release(used);
            } else {
                used.discard();
            }
        }
    }

    /** Nothing usable came back: the caller answers with the problem. */
    private void fail(Failed failure) {
        finish();
        pool.cancel(this);
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        done.accept(failure);
    }

    /** The answer started and cannot be finished: reset the client's connection rather than truncate silently. */
    void abort() {
        finish();
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        if (!out.ended() && !out.closed()) {
            out.reset();
        }
    }

    private void finish() {
        finished = true;
        if (watch != null) {
            watch.end();
            watch = null;
        }
        answer.discard();
    }

    @Override
    public long idleDeadlineNanos() {
        long deadline = lastActivityNanos + timeoutNanos;
        return deadline < lastActivityNanos ? Long.MAX_VALUE : deadline; // a timeout of centuries: never
    }

    /** No byte either way for the API's timeout. */
    @Override
    public void idleExpired() {
        watch = null;
        if (finished) {
            return;
        }
        if (answer.headReceived()) {
            abort();
        } else {
            fail(new Failed(504, "backend-timeout", "The backend did not answer in time.", micros()));
        }
    }

    long micros() {
        return (System.nanoTime() - startedNanos) / 1000;
    }
}
