package io.weir.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive HTTP/1.1 connection to a backend, the last handler of its channel: it hands what the
 * backend sends to the exchange using the connection, and tells its pool when the connection closes.
 * Lives on one event loop; nothing here is shared between threads.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {

    final OriginPool pool;
    Channel channel;
    /** Counted by its pool once connected (and TLS established); a failed attempt is counted off by the connector. */
    boolean established;
    /** The exchange using the connection; null while it is idle in the pool. */
    BackendExchange exchange;
    long idleSinceNanos;
    private Throwable cause;

    BackendConnection(OriginPool pool) {
        this.pool = pool;
    }

    /** Closes the connection without telling its exchange (which has ended or given up on it). */
    void discard() {
        exchange = null;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        BackendExchange current = exchange;
        if (current != null) {
            current.received(message);
        } else {
            // an idle connection has nothing to say: whatever came cannot be matched to a request
            ReferenceCountUtil.release(message);
            context.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        BackendExchange current = exchange;
        if (current != null && context.channel().isWritable()) {
            current.writable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable error) {
        if (cause == null) {
            cause = error;
        }
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        pool.closed(this);
        BackendExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.connectionLost(cause);
        }
    }
}
