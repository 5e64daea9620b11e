package io.hotpath.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/2 client connection, frame by frame, for tests that do what a well-behaved gRPC
 * client never does (a ping flood, a reset flood) and watch how the server answers: with GOAWAY.
 */
final class RawHttp2Connection implements AutoCloseable
{
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Http2GoAwayFrame> goAway = new CompletableFuture<>();
    private final Channel channel;

    RawHttp2Connection(final int port) throws InterruptedException
    {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel socket)
                {
                    socket.pipeline()
                        .addLast(Http2FrameCodecBuilder.forClient().autoAckPingFrame(true).build())
                        .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                        .addLast(new ChannelInboundHandlerAdapter()
                        {
                            @Override
                            public void channelRead(final ChannelHandlerContext context, final Object frame)
                            {
                                if (frame instanceof Http2GoAwayFrame away)
                                {
                                    goAway.complete(away.retain());
                                }
                                ReferenceCountUtil.release(frame);
                            }
                        });
                }
            })
            .connect("127.0.0.1", port).sync().channel();
    }

    /**
     * Sends {@code count} PING frames at once.
     */
    void ping(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            channel.write(new DefaultHttp2PingFrame(i));
        }
        channel.flush();
    }

    /**
     * Opens {@code count} gRPC calls to {@code path} and resets each at once.
     */
    void openAndReset(final int count, final String path)
    {
        for (int i = 0; i < count && channel.isActive(); i++)
        {
            final Future<Http2StreamChannel> opened =
                new Http2StreamChannelBootstrap(channel).handler(new ChannelInboundHandlerAdapter()).open().awaitUninterruptibly();
            if (!opened.isSuccess())
            {
                return;
            }
            final Http2StreamChannel stream = opened.getNow();
            final Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http").authority("localhost")
                .path(path).add("content-type", "application/grpc").add("te", "trailers");
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).awaitUninterruptibly();
        }
    }

    /**
     * @return true once the server has ended the connection, by GOAWAY or by closing it, within {@code seconds}.
     */
    boolean awaitEnded(final long seconds)
    {
        return channel.closeFuture().awaitUninterruptibly(seconds, TimeUnit.SECONDS) || goAway.isDone();
    }

    /**
     * @return the server's GOAWAY, if one arrived before the connection closed, or null.
     */
    Http2GoAwayFrame goAwayIfAny()
    {
        return goAway.getNow(null);
    }

    boolean isActive()
    {
        return channel.isActive();
    }

    /**
     * @return the server's GOAWAY, once it comes.
     */
    Http2GoAwayFrame awaitGoAway(final long seconds) throws Exception
    {
        return goAway.get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
