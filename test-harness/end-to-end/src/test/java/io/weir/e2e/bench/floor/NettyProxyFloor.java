package io.weir.e2e.bench.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * A reference point of the gateway benchmark, not a product: an HTTP-aware reverse proxy on Netty
 * (what Vert.x is built on) with nothing between the codecs — each client connection gets its own
 * keep-alive backend connection on the same event loop (opened before the client is read), and
 * requests and responses are streamed through as Netty's HTTP messages, Connection dropped,
 * X-Forwarded-For set. What proxying costs on the JVM without Vert.x's request objects.
 * {@code NettyProxyFloor <port> <backend port>}.
 */
public final class NettyProxyFloor {

    private NettyProxyFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        EventLoopGroup acceptor = new EpollEventLoopGroup(1);
        EventLoopGroup loops = new EpollEventLoopGroup(); // 2 x cores, as Vert.x and Quarkus
        new ServerBootstrap().group(acceptor, loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new HttpServerCodec(), new ClientSide(backendPort));
                    }
                }).bind("127.0.0.1", port).sync();
        System.out.println("netty proxy floor on " + port);
    }

    /** Reads the client's messages and writes them to its backend connection. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {

        private final int backendPort;
        private Channel backend;

        ClientSide(int backendPort) {
            this.backendPort = backendPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            Channel client = context.channel();
            client.config().setAutoRead(false);
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new BackendSide(client));
                        }
                    })
                    .connect("127.0.0.1", backendPort).addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            client.close();
                            return;
                        }
                        backend = connected.channel();
                        client.config().setAutoRead(true);
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (!backend.isActive()) {
                ReferenceCountUtil.release(message);
                context.close();
                return;
            }
            if (message instanceof HttpRequest request) {
                request.headers().remove(HttpHeaderNames.CONNECTION);
                request.headers().set("X-Forwarded-For",
                        ((InetSocketAddress) context.channel().remoteAddress()).getAddress().getHostAddress());
            }
            forward(message, backend);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** Writes the backend's answer back to the client. */
    private static final class BackendSide extends ChannelInboundHandlerAdapter {

        private final Channel client;

        BackendSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpMessage answer) {
                answer.headers().remove(HttpHeaderNames.CONNECTION);
            }
            forward(message, client);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            client.close();
        }
    }

    /** A message's last part flushes; the parts before it are only written. */
    private static void forward(Object message, Channel to) {
        if (message instanceof LastHttpContent) {
            to.writeAndFlush(message);
        } else {
            to.write(message);
        }
    }
}
