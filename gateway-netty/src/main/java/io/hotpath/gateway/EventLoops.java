package io.hotpath.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops the fronts run on, and the listening channel that goes with them: native epoll where it loads, since
 * the JDK's selector boxes a file descriptor for every ready event; NIO otherwise. The gRPC and binary fronts, and the
 * bare Netty anchor, run on the same kind.
 */
public final class EventLoops
{
    private EventLoops()
    {
    }

    /**
     * @param threads how many; 0 for Netty's default, two per core.
     * @param name    the daemon threads' name.
     */
    public static EventLoopGroup group(final int threads, final String name)
    {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * @return the listening channel for a {@link #group}.
     */
    public static Class<? extends ServerChannel> serverChannel()
    {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
