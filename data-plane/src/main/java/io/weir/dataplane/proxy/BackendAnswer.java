package io.weir.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.weir.dataplane.proxy.BackendProxy.Forward;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;

/**
 * The answer half of a {@link BackendExchange}: what the backend sends, relayed to the client. Informational
 * answers (100 Continue) are skipped; the final head's status and end-to-end headers go out as the backend
 * sent them, and its body streams through with back-pressure (the backend connection stops reading while the
 * client cannot take more) — except a small body announced by Content-Length, which goes out with the head in
 * one write, as nginx buffers it.
 */
final class BackendAnswer {

    /** Bodies up to this size, announced by Content-Length, are relayed in one write with the head. */
    private static final int SMALL_BODY_BYTES = 16 * 1024;

    private final BackendExchange exchange;
    private final HttpMethod method;
    private final HttpServerResponse out;
    private final Forward forward;

    private boolean informational;
    private boolean headReceived;
    private boolean keepAlive;
    private ByteBuf smallBody;

    BackendAnswer(BackendExchange exchange, HttpMethod method, HttpServerResponse out, Forward forward) {
        this.exchange = exchange;
        this.method = method;
        this.out = out;
        this.forward = forward;
    }

    /** The final answer's head has come (and gone on to the client, unless it went away). */
    boolean headReceived() {
        return headReceived;
    }

    /** An informational answer came and its final one has not yet: the backend has started answering. */
    boolean informational() {
        return informational;
    }

    /** Whether the backend keeps the connection open after this answer. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** A message of the backend's answer, on {@code channel}: a head, a piece of body, or both. */
    void received(Object message, Channel channel) {
        if (message instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(message);
                exchange.broken(new Failed(502, "backend-failed", "The backend's answer was not valid HTTP.",
                        exchange.micros()));
                return;
            }
            int status = head.status().code();
            if (status >= 100 && status < 200 && status != 101) {
                informational = true; // 100 Continue and the like: the final answer follows
            } else if (!head(head, status)) {
                ReferenceCountUtil.release(message);
                return;
            }
        }
        if (message instanceof HttpContent content) {
            content(content, channel);
        }
    }

    /** Sends the final head on; false if the client went away meanwhile (the exchange is aborted). */
    private boolean head(HttpResponse head, int status) {
        informational = false;
        headReceived = true;
        keepAlive = HttpUtil.isKeepAlive(head);
        long backendMicros = exchange.micros();
        if (out.closed()) {
            exchange.relayed(status, backendMicros);
            exchange.abort(); // the client went away while the backend worked
            return false;
        }
        out.setStatusCode(status);
        if (head.status() != HttpResponseStatus.valueOf(status)) {
            // only a non-standard reason phrase is carried over: a set message makes Vert.x build a status per answer
            out.setStatusMessage(head.status().reasonPhrase());
        }
        ForwardedHeaders.toClient(head.headers(), out.headers());
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        boolean bodyExpected = mayHaveBody(method, status);
        if (length == null && bodyExpected) {
            out.setChunked(true);
        }
        forward.beforeHead().accept(out);
        exchange.relayed(status, backendMicros);
        long announced = bodyExpected ? parseLength(length) : -1;
        if (announced > 0 && announced <= SMALL_BODY_BYTES) {
            smallBody = Unpooled.buffer((int) announced);
        } else {
            out.exceptionHandler(error -> exchange.abort()); // the client went away mid-answer: stop reading the backend
        }
        return true;
    }

    private void content(HttpContent content, Channel channel) {
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
                exchange.abort();
                return;
            }
            if (smallBody != null) {
                smallBody.writeBytes(bytes);
            } else if (bytes.isReadable()) {
                out.write(Buffer.buffer(Unpooled.buffer(bytes.readableBytes()).writeBytes(bytes)));
                if (!last && out.writeQueueFull()) {
                    channel.config().setAutoRead(false);
                    out.drainHandler(drained -> {
                        if (!exchange.finished()) {
                            channel.config().setAutoRead(true);
                        }
                    });
                }
            }
        } finally {
            content.release();
        }
        if (last && !exchange.finished()) {
            if (smallBody != null) {
                ByteBuf body = smallBody;
                smallBody = null;
                out.end(Buffer.buffer(body));
            } else {
                out.end();
            }
            exchange.complete();
        }
    }

    /** Frees what is held of an answer that will not be relayed. */
    void discard() {
        if (smallBody != null) {
            smallBody.release();
            smallBody = null;
        }
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
