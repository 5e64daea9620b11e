package io.hotpath.gateway.binary;

import io.hotpath.core.control.ShardDirectory;
import io.hotpath.gateway.EventLoops;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The binary front: TCP on Netty, frames of the engine's own SBE messages ({@link FrameDescriptor}),
 * pipelined, authenticated by a Hello, optionally over TLS; for clients that want the shortest path
 * into the rings. {@code ./engine serve --binary-port N}.
 */
public final class BinaryFront implements AutoCloseable
{
    /**
     * What every connection shares.
     *
     * @param directory        the shards.
     * @param clock            stamps each command's ingress time.
     * @param authenticator    checks a Hello's credentials, or a client certificate.
     * @param quotas           each tenant's quota.
     * @param metrics          counts refusals.
     * @param maxFrameBytes    largest frame.
     * @param maxInFlight      commands a connection may have unanswered.
     * @param maxResultBytes   largest result a shard writes.
     * @param handshakeTimeout how long a connection may take to say Hello.
     */
    public record Context(ShardDirectory directory, EpochNanoClock clock, Authenticator authenticator, TenantQuotas quotas,
        FrontMetrics metrics, int maxFrameBytes, int maxCommandBytes, int maxInFlight, int maxResultBytes, Duration handshakeTimeout)
    {
    }

    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * Binds and starts serving.
     *
     * @param port 0 picks a free port.
     * @param tls  the server's TLS context, or null for plain TCP.
     */
    public BinaryFront(final String host, final int port, final int ioThreads, final SslContext tls, final Context context)
    {
        group = EventLoops.group(ioThreads, "hotpath-binary");
        try
        {
            channel = serverBootstrap(group)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel child)
                    {
                        if (tls != null)
                        {
                            child.pipeline().addLast(tls.newHandler(child.alloc()));
                        }
                        child.pipeline().addLast(new BinaryConnection(context));
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully();
            throw new IllegalStateException("cannot listen for the binary front on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return a server bootstrap on {@code group} with the front's socket options (no Nagle), its
     *         child handler still to set.
     */
    public static ServerBootstrap serverBootstrap(final EventLoopGroup group)
    {
        return new ServerBootstrap()
            .group(group)
            .channel(EventLoops.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    /**
     * Stops accepting and closes every connection.
     */
    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
