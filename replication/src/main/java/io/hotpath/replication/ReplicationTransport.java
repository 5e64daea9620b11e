package io.hotpath.replication;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The event loops and the pipeline both ends of a replication connection use: TLS when the engine's TLS is on, then
 * 4-byte length framing.
 */
public final class ReplicationTransport
{
    private ReplicationTransport()
    {
    }

    /**
     * @return one event loop for a node's replication, leader links and follower sessions alike: the work on it is
     *         framing and hand-offs, the journal and the logic run on their own threads.
     */
    public static EventLoopGroup eventLoop()
    {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hotpath-replication", true), NioIoHandler.newFactory());
    }

    static ChannelInitializer<SocketChannel> pipeline(final SslContext tls, final Supplier<ChannelHandler> handler)
    {
        return pipeline(tls, null, handler);
    }

    /**
     * @param peer the follower a leader connects to, whose certificate must name it (null on the server's side).
     */
    static ChannelInitializer<SocketChannel> pipeline(final SslContext tls, final InetSocketAddress peer,
        final Supplier<ChannelHandler> handler)
    {
        return new ChannelInitializer<>()
        {
            @Override
            protected void initChannel(final SocketChannel channel)
            {
                final ChannelPipeline pipeline = channel.pipeline();
                if (tls != null)
                {
                    pipeline.addLast(peer == null ? tls.newHandler(channel.alloc())
                        : tls.newHandler(channel.alloc(), peer.getHostString(), peer.getPort()));
                }
                pipeline.addLast(new LengthFieldBasedFrameDecoder(Frames.MAX_FRAME, 0, 4, 0, 4));
                pipeline.addLast(new LengthFieldPrepender(4));
                pipeline.addLast(handler.get());
            }
        };
    }
}
