package io.weir.dataplane.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.proxy.BackendProxy.Forward;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;

/**
 * The request half of a {@link BackendExchange}: the client's request written to the backend connection.
 * A request without a body is one write; a body is streamed chunk by chunk with back-pressure (the client's
 * request paused while the connection cannot take more). The request's last write is not flushed at once
 * but with the loop's other requests of the same batch ({@link BatchedFlushes}). Sent again, whole, on a
 * fresh connection when its exchange retries.
 */
final class BackendRequest {

    private final BackendExchange exchange;
    private final HttpServerRequest in;
    private final Forward forward;
    private final BatchedFlushes flushes;
    private final boolean hasBody;

    private Channel channel;
    private HttpHeaders headers;
    private boolean bodyHandlersSet;
    private long bodyBytes;
    private boolean sent;

    BackendRequest(BackendExchange exchange, HttpServerRequest in, Forward forward, BatchedFlushes flushes, boolean hasBody) {
        this.exchange = exchange;
        this.in = in;
        this.forward = forward;
        this.flushes = flushes;
        this.hasBody = hasBody;
    }

    /** Whether the whole request, its body's end included, has been written to the backend. */
    boolean sent() {
        return sent;
    }

    /** Whether it may be sent again after a kept-alive connection closed under it: no body, an idempotent-enough method. */
    boolean retryable() {
        io.vertx.core.http.HttpMethod method = in.method();
        return !hasBody && method != io.vertx.core.http.HttpMethod.POST && method != io.vertx.core.http.HttpMethod.PATCH
                && method != io.vertx.core.http.HttpMethod.CONNECT;
    }

    /** Writes the request on the connection; {@code retry}: the second attempt, on a fresh connection. */
    void send(Channel connection, boolean retry) {
        channel = connection;
        HttpMethod method = HttpMethod.valueOf(in.method().name());
        String uri = forward.backend().basePath() + forward.pathAndQuery();
        if (headers == null) {
            headers = nettyHeaders(forward.headers());
            headers.set(HttpHeaderNames.HOST, forward.backend().authority());
            if (hasBody && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        exchange.active();
        if (!hasBody) {
            // no body (no Content-Length, no Transfer-Encoding): one write, no empty chunked body, flushed with
            // the loop's other requests of this batch
            channel.write(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER,
                    headers, EmptyHttpHeaders.INSTANCE), channel.voidPromise());
            flushes.flushSoon(channel);
            sent = true;
            if (!retry) {
                in.resume(); // let the (empty) request end so the connection stays usable
            }
            return;
        }
        channel.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri, headers), channel.voidPromise());
        if (!bodyHandlersSet) {
            bodyHandlersSet = true;
            in.handler(this::bodyChunk);
            in.endHandler(this::bodyEnd);
            in.exceptionHandler(error -> exchange.broken(
                    new Failed(400, "request-body-broken", "The request body broke off before it ended.", exchange.micros())));
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
        if (exchange.finished() || sent) {
            return;
        }
        bodyBytes += chunk.length();
        if (bodyBytes > forward.maxBodyBytes()) {
            in.pause();
            exchange.broken(new Failed(413, "body-too-large", "The request body is larger than this API accepts.",
                    exchange.micros()));
            return;
        }
        exchange.active();
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk.getBytes())), channel.voidPromise());
        if (!channel.isWritable()) {
            in.pause(); // resumed by writable()
        }
    }

    private void bodyEnd(Void ended) {
        if (exchange.finished() || sent) {
            return;
        }
        channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
        flushes.flushSoon(channel);
        sent = true;
    }

    /** The backend connection can take more of the body. */
    void writable() {
        if (!sent && hasBody) {
            in.resume();
        }
    }
}
