package io.hotpath.replication;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's replication port: leaders connect here, one connection per shard this node follows, and each connection's
 * frames go to that shard's {@link FollowerReplica}.
 */
public final class ReplicationServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    private final Channel channel;

    /**
     * @param followers the replica following a shard on this node, or null when none does.
     * @param tls       the server's TLS context, or null for plain TCP.
     */
    public ReplicationServer(final String host, final int port, final SslContext tls, final EventLoopGroup group,
        final IntFunction<FollowerReplica> followers)
    {
        channel = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(ReplicationTransport.pipeline(tls, () -> new Session(followers)))
            .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
    }

    /**
     * One leader's connection: bound to a replica by its first frame, an OPEN.
     */
    private static final class Session extends ChannelInboundHandlerAdapter
    {
        private final IntFunction<FollowerReplica> followers;
        private FollowerReplica replica;

        Session(final IntFunction<FollowerReplica> followers)
        {
            this.followers = followers;
        }

        @Override
        public void channelRead(final ChannelHandlerContext context, final Object message)
        {
            final ByteBuf frame = (ByteBuf)message;
            if (replica == null)
            {
                final int shardId = frame.getByte(frame.readerIndex()) == Frames.OPEN ? frame.getIntLE(frame.readerIndex() + 1) : -1;
                replica = shardId < 0 ? null : followers.apply(shardId);
                if (replica == null)
                {
                    frame.release();
                    context.writeAndFlush(Frames.refused(context.alloc(), "this node does not follow shard " + shardId))
                        .addListener(f -> context.close());
                    return;
                }
            }
            replica.offer(context.channel(), frame);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            LOG.warn("replication connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
            context.close();
        }
    }
}
