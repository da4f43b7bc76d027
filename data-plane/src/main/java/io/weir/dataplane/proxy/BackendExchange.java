package io.weir.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
 * client's connection. Both bodies stream through with back-pressure (the client's request is paused
 * while the backend connection cannot take more; the backend connection stops reading while the
 * client cannot take more). The API's timeout is an idle timeout: no byte either way for that long
 * is a 504 before the answer started and a reset after. The connection goes back to its pool only
 * when both messages were complete and the backend kept it alive.
 */
final class BackendExchange implements OriginPool.Waiter, IdleDeadlines.Watched {

    /** Bodies up to this size, announced by Content-Length, are relayed in one write with the head. */
    private static final int SMALL_BODY_BYTES = 16 * 1024;

    private final HttpServerRequest in;
    private final HttpServerResponse out;
    private final Forward forward;
    private final Consumer<ProxyOutcome> done;
    private final OriginPool pool;
    private final IdleDeadlines deadlines;
    private final BatchedFlushes flushes;
    private final long startedNanos;
    private final long timeoutNanos;
    private final boolean hasBody;

    private long connectTimeoutMillis;
    private BackendConnection connection;
    private Channel channel;
    private HttpHeaders headers;
    private IdleDeadlines.Watch watch;
    private long lastActivityNanos;
    private boolean reused;
    private boolean retried;
    private boolean bodyHandlersSet;
    private long bodyBytes;
    private boolean requestSent;
    private boolean informational;
    private boolean headReceived;
    private boolean keepAlive;
    private ByteBuf smallBody;
    private boolean finished;

    BackendExchange(HttpServerRequest in, HttpServerResponse out, Forward forward, Consumer<ProxyOutcome> done,
                    OriginPool pool, IdleDeadlines deadlines, BatchedFlushes flushes, boolean hasBody) {
        this.in = in;
        this.out = out;
        this.forward = forward;
        this.done = done;
        this.pool = pool;
        this.deadlines = deadlines;
        this.flushes = flushes;
        this.hasBody = hasBody;
        this.startedNanos = System.nanoTime();
        this.lastActivityNanos = startedNanos;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, forward.timeoutMillis()));
    }

    void start(long connectTimeout) {
        connectTimeoutMillis = Math.min(connectTimeout, forward.timeoutMillis());
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
        channel = acquired.channel;
        reused = wasReused;
        acquired.exchange = this;
        send();
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
        if (!headReceived && reused && !retried && !informational && retryable()) {
            // the backend closed a kept-alive connection just as it was reused: nothing reached it, try a new one
            retried = true;
            pool.acquire(this, connectTimeoutMillis, true);
            return;
        }
        if (!headReceived) {
            fail(BackendFailures.failure(cause == null ? new ClosedChannelException() : cause, micros()));
        } else {
            abort();
        }
    }

    private boolean retryable() {
        HttpMethod method = in.method();
        return !hasBody && method != HttpMethod.POST && method != HttpMethod.PATCH && method != HttpMethod.CONNECT;
    }

    // --- request ---

    private void send() {
        io.netty.handler.codec.http.HttpMethod method = io.netty.handler.codec.http.HttpMethod.valueOf(in.method().name());
        String uri = forward.backend().basePath() + forward.pathAndQuery();
        if (headers == null) {
            headers = nettyHeaders(forward.headers());
            headers.set(HttpHeaderNames.HOST, forward.backend().authority());
            if (hasBody && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        lastActivityNanos = System.nanoTime();
        if (!hasBody) {
            // no body (no Content-Length, no Transfer-Encoding): one write, no empty chunked body, flushed with
            // the loop's other requests of this batch
            channel.write(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER,
                    headers, EmptyHttpHeaders.INSTANCE), channel.voidPromise());
            flushes.flushSoon(channel);
            requestSent = true;
            if (!retried) {
                in.resume(); // let the (empty) request end so the connection stays usable
            }
            return;
        }
        channel.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri, headers), channel.voidPromise());
        if (!bodyHandlersSet) {
            bodyHandlersSet = true;
            in.handler(this::bodyChunk);
            in.endHandler(this::bodyEnd);
            in.exceptionHandler(error -> {
                if (finished) {
                    return;
                }
                if (headReceived) {
                    abort();
                } else {
                    fail(new Failed(400, "request-body-broken", "The request body broke off before it ended.", micros()));
                }
            });
        }
        in.resume();
    }

    private static HttpHeaders nettyHeaders(MultiMap headers) {
        if (headers instanceof HttpHeaders netty) {
            return netty; // Vert.x's own header map is a Netty one: encoded as it is
        }
        HttpHeaders copy = new DefaultHttpHeaders(false);
        headers.forEach(header -> copy.add(header.getKey(), header.getValue()));
        return copy;
    }

    private void bodyChunk(Buffer chunk) {
        if (finished || requestSent) {
            return;
        }
        bodyBytes += chunk.length();
        if (bodyBytes > forward.maxBodyBytes()) {
            in.pause();
            if (!headReceived) {
                fail(new Failed(413, "body-too-large", "The request body is larger than this API accepts.", micros()));
            } else {
                abort();
            }
            return;
        }
        lastActivityNanos = System.nanoTime();
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk.getBytes())), channel.voidPromise());
        if (!channel.isWritable()) {
            in.pause(); // resumed by writable()
        }
    }

    private void bodyEnd(Void ended) {
        if (finished || requestSent) {
            return;
        }
        channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
        flushes.flushSoon(channel);
        requestSent = true;
    }

    /** The backend connection can take more of the request body. */
    void writable() {
        if (!finished && !requestSent && hasBody) {
            in.resume();
        }
    }

    // --- response ---

    void received(Object message) {
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (message instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(message);
                Failed malformed = new Failed(502, "backend-failed", "The backend's answer was not valid HTTP.", micros());
                if (headReceived) {
                    abort();
                } else {
                    fail(malformed);
                }
                return;
            }
            int status = head.status().code();
            if (status >= 100 && status < 200 && status != 101) {
                informational = true; // 100 Continue and the like: the final answer follows
            } else {
                head(head, status);
            }
        }
        if (message instanceof HttpContent content) {
            content(content);
        }
    }

    private void head(HttpResponse head, int status) {
        informational = false;
        headReceived = true;
        keepAlive = HttpUtil.isKeepAlive(head);
        long backendMicros = micros();
        if (out.closed()) {
            done.accept(new Relayed(status, backendMicros));
            abort(); // the client went away while the backend worked
            return;
        }
        out.setStatusCode(status);
        if (head.status() != HttpResponseStatus.valueOf(status)) {
            // only a non-standard reason phrase is carried over: a set message makes Vert.x build a status per answer
            out.setStatusMessage(head.status().reasonPhrase());
        }
        ForwardedHeaders.toClient(head.headers(), out.headers());
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        boolean bodyExpected = mayHaveBody(in.method(), status);
        if (length == null && bodyExpected) {
            out.setChunked(true);
        }
        forward.beforeHead().accept(out);
        done.accept(new Relayed(status, backendMicros));
        long announced = bodyExpected ? parseLength(length) : -1;
        if (announced > 0 && announced <= SMALL_BODY_BYTES) {
            // a small announced body goes out with its head in one write (nginx buffers the same way)
            smallBody = Unpooled.buffer((int) announced);
        } else {
            out.exceptionHandler(error -> abort()); // the client went away mid-answer: stop reading the backend
        }
    }

    private void content(HttpContent content) {
        ByteBuf bytes = content.content();
        boolean last = content instanceof LastHttpContent;
        try {
            if (informational) {
                informational = !last;
                return;
            }
            if (!headReceived) {
                return;
            }
            if (out.closed()) {
                abort();
                return;
            }
            if (smallBody != null) {
                smallBody.writeBytes(bytes);
            } else if (bytes.isReadable()) {
                out.write(Buffer.buffer(Unpooled.buffer(bytes.readableBytes()).writeBytes(bytes)));
                if (!last && out.writeQueueFull()) {
                    channel.config().setAutoRead(false);
                    out.drainHandler(drained -> {
                        if (!finished && channel != null) {
                            channel.config().setAutoRead(true);
                        }
                    });
                }
            }
        } finally {
            content.release();
        }
        if (last && headReceived && !finished) {
            if (smallBody != null) {
                ByteBuf body = smallBody;
                smallBody = null;
                out.end(Buffer.buffer(body));
            } else {
                out.end();
            }
            complete();
        }
    }

    // --- ending ---

    /** The answer was relayed whole. */
    private void complete() {
        if (!requestSent) {
            // the backend answered before the request body was through: that connection cannot be reused
            finish();
            if (connection != null) {
                connection.discard();
                connection = null;
            }
            in.resume(); // the rest of the client's body is read and dropped
            return;
        }
        finish();
        if (connection != null) {
            BackendConnection used = connection;
            connection = null;
            if (keepAlive) {
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
    private void abort() {
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
        if (smallBody != null) {
            smallBody.release();
            smallBody = null;
        }
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
        if (headReceived) {
            abort();
        } else {
            fail(new Failed(504, "backend-timeout", "The backend did not answer in time.", micros()));
        }
    }

    private long micros() {
        return (System.nanoTime() - startedNanos) / 1000;
    }

    private static boolean mayHaveBody(HttpMethod method, int status) {
        return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }

    private static long parseLength(String length) {
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
