package io.weir.dataplane.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.vertx.core.impl.VertxInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Opens backend connections on a given event loop: resolves the host without blocking (Vert.x's
 * resolver), connects with Vert.x's transport (epoll where Quarkus uses it), and for https completes
 * the TLS handshake before the connection is handed out.
 */
final class BackendConnector {

    /** How an attempt ended; called on the event loop. */
    interface Connected {
        void connected(BackendConnection connection);

        void failed(Throwable cause);
    }

    /** Response heads longer than this are a malformed answer (502), as are longer header lines. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final VertxInternal vertx;
    private final BackendTls tls;
    private final long connectTimeoutMillis;

    BackendConnector(VertxInternal vertx, BackendTls tls, long connectTimeoutMillis) {
        this.vertx = vertx;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    void connect(EventLoop loop, OriginPool pool, BackendUrl origin, long timeoutMillis, Connected callback) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(origin.host());
        if (literal != null) {
            try {
                open(loop, pool, origin, InetAddress.getByAddress(origin.host(), literal), timeoutMillis, callback);
            } catch (UnknownHostException e) {
                callback.failed(e);
            }
            return;
        }
        vertx.resolveAddress(origin.host(), resolved -> loop.execute(() -> {
            if (resolved.succeeded()) {
                open(loop, pool, origin, resolved.result(), timeoutMillis, callback);
            } else {
                callback.failed(resolved.cause());
            }
        }));
    }

    private void open(EventLoop loop, OriginPool pool, BackendUrl origin, InetAddress address, long timeoutMillis,
                      Connected callback) {
        BackendConnection connection = new BackendConnection(pool);
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
        SslHandler[] tlsHandler = new SslHandler[1];
        ChannelFuture connecting = new Bootstrap().group(loop).channelFactory(vertx.transport().channelFactory(false))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (origin.ssl()) {
                            tlsHandler[0] = tls.handler(channel.alloc(), origin.host(), origin.port(), timeout);
                            channel.pipeline().addLast(tlsHandler[0]);
                        }
                        channel.pipeline().addLast(new HttpClientCodec(4096, MAX_HEAD_BYTES, 8192), connection);
                    }
                })
                .connect(new InetSocketAddress(address, origin.port()));
        connection.channel = connecting.channel();
        connecting.addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                callback.failed(connected.cause());
                return;
            }
            if (tlsHandler[0] == null) {
                callback.connected(connection);
                return;
            }
            tlsHandler[0].handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    callback.connected(connection);
                } else {
                    connection.channel.close();
                    callback.failed(new BackendTlsFailure(handshake.cause()));
                }
            });
        });
    }

    /** The TLS handshake with the backend failed (untrusted certificate, wrong host name, no common protocol). */
    static final class BackendTlsFailure extends Exception {
        BackendTlsFailure(Throwable cause) {
            super("TLS handshake with the backend failed: " + cause.getMessage(), cause, false, false);
        }
    }
}
