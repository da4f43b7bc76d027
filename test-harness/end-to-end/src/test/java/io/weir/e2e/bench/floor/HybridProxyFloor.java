package io.weir.e2e.bench.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import java.util.HashMap;
import java.util.Map;

/**
 * A reference point of the gateway benchmark, not a product: Vert.x core's HTTP server (what the edge
 * node's Quarkus serves with) in front, and instead of Vert.x's HTTP client a raw Netty connection to the
 * backend per client connection, on the same event loop — the two halves of the Vert.x-to-Netty gap
 * measured apart. Answers are copied into Vert.x buffers as Vert.x's own client does.
 * {@code HybridProxyFloor <port> <backend port>}.
 */
public final class HybridProxyFloor extends AbstractVerticle {

    private final int port;
    private final int backendPort;
    private final Map<HttpConnection, Backend> backends = new HashMap<>();

    private HybridProxyFloor(int port, int backendPort) {
        this.port = port;
        this.backendPort = backendPort;
    }

    public static void main(String[] args) {
        FloorVerticles.deploy("hybrid proxy floor", args, HybridProxyFloor::new);
    }

    @Override
    public void start() {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(this::proxy)
                .listen().onFailure(FloorVerticles::exit);
    }

    private void proxy(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Backend backend = backends.get(connection);
        if (backend != null) {
            backend.send(request);
            return;
        }
        request.pause();
        Backend opened = new Backend();
        new Bootstrap().group(((ContextInternal) context).nettyEventLoop()).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), opened);
                    }
                })
                .connect("127.0.0.1", backendPort).addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        request.response().setStatusCode(502).end();
                        return;
                    }
                    opened.channel = connected.channel();
                    backends.put(connection, opened);
                    connection.closeHandler(closed -> backends.remove(connection).channel.close());
                    opened.send(request);
                    request.resume();
                });
    }

    /** One keep-alive backend connection: sends the client's requests, answers them in order. */
    private static final class Backend extends ChannelInboundHandlerAdapter {

        private Channel channel;
        private HttpServerRequest current;

        void send(HttpServerRequest request) {
            current = request;
            DefaultHttpRequest call = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.valueOf(request.method().name()), request.uri());
            request.headers().forEach(header -> {
                if (!"connection".equalsIgnoreCase(header.getKey())) {
                    call.headers().add(header.getKey(), header.getValue());
                }
            });
            call.headers().set("X-Forwarded-For", request.remoteAddress().host());
            channel.write(call);
            request.handler(data -> channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(data.getBytes()))));
            request.endHandler(end -> channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            HttpServerResponse response = current.response();
            if (message instanceof HttpResponse answer) {
                response.setStatusCode(answer.status().code());
                answer.headers().forEach(header -> {
                    if (!"connection".equalsIgnoreCase(header.getKey())) {
                        response.headers().add(header.getKey(), header.getValue());
                    }
                });
                if (!HttpUtil.isContentLengthSet(answer)) {
                    response.setChunked(true);
                }
            }
            if (message instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                Buffer copy = bytes.isReadable() ? Buffer.buffer(Unpooled.buffer(bytes.readableBytes()).writeBytes(bytes)) : null;
                bytes.release();
                if (message instanceof LastHttpContent) {
                    if (copy != null) {
                        response.end(copy);
                    } else {
                        response.end();
                    }
                } else if (copy != null) {
                    response.write(copy);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (current != null && !current.response().ended()) {
                current.connection().close();
            }
        }
    }
}
