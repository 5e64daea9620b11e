package io.hotpath.gateway.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP admin endpoint for SREs, on Netty, on its own event loop (one thread): nothing
 * it does can hold up the gRPC front or a shard.
 *
 * <pre>
 *   GET /health/live    200 while the process serves
 *   GET /health/ready   200 when every shard runs and the engine is not shutting down; 503 and why otherwise
 *   GET /metrics        in the format the scraper's Accept header asks for: Prometheus protobuf (the only one
 *                       that carries native histograms), OpenMetrics text (with exemplars), else Prometheus text
 *   GET /latency        the per-stage latency percentile distribution, as an HTML page with a chart
 * </pre>
 */
public final class AdminServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_REQUEST_BYTES = 8 * 1024;
    private static final int READ_TIMEOUT_SECONDS = 30;

    /**
     * Whether the engine can take traffic.
     *
     * @param ready  true when it can.
     * @param detail why not, or what is up, for people.
     */
    public record Readiness(boolean ready, String detail)
    {
    }

    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * Binds and starts serving.
     *
     * @param port 0 picks a free port.
     */
    public AdminServer(final String host, final int port, final EngineMetrics metrics, final StageMonitor monitor,
        final Supplier<Readiness> readiness)
    {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final ExpositionFormats formats = ExpositionFormats.init();
        try
        {
            channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel child)
                    {
                        child.pipeline()
                            .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                            .addLast(new HttpServerCodec())
                            .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                            .addLast(new Routes(metrics, monitor, readiness, formats));
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully();
            throw new IllegalStateException("cannot listen for admin HTTP on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    /**
     * Answers one request at a time per connection, on the admin event loop.
     */
    private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        private final EngineMetrics metrics;
        private final StageMonitor monitor;
        private final Supplier<Readiness> readiness;
        private final ExpositionFormats formats;

        Routes(final EngineMetrics metrics, final StageMonitor monitor, final Supplier<Readiness> readiness,
            final ExpositionFormats formats)
        {
            this.metrics = metrics;
            this.monitor = monitor;
            this.readiness = readiness;
            this.formats = formats;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext context, final FullHttpRequest request)
        {
            if (!request.decoderResult().isSuccess())
            {
                respond(context, request, HttpResponseStatus.BAD_REQUEST, "text/plain", text("bad request\n"));
                return;
            }
            if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method()))
            {
                respond(context, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", text("GET only\n"));
                return;
            }
            final String path = new QueryStringDecoder(request.uri()).path();
            switch (path)
            {
                case "/health/live":
                    respond(context, request, HttpResponseStatus.OK, "text/plain", text("live\n"));
                    break;
                case "/health/ready":
                    final Readiness ready = readiness.get();
                    respond(context, request, ready.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                        text((ready.ready() ? "ready" : "not ready") + ": " + ready.detail() + "\n"));
                    break;
                case "/metrics":
                    final ExpositionFormatWriter writer = formats.findWriter(request.headers().get(HttpHeaderNames.ACCEPT));
                    respond(context, request, HttpResponseStatus.OK, writer.getContentType(), scrape(context, writer));
                    break;
                case "/latency":
                    respond(context, request, HttpResponseStatus.OK, "text/html; charset=utf-8", text(LatencyPage.render(monitor)));
                    break;
                default:
                    respond(context, request, HttpResponseStatus.NOT_FOUND, "text/plain",
                        text("not found; try /health/live, /health/ready, /metrics or /latency\n"));
                    break;
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            LOG.debug("admin connection {} closed: {}", context.channel().remoteAddress(), cause.toString());
            context.close();
        }

        private ByteBuf scrape(final ChannelHandlerContext context, final ExpositionFormatWriter writer)
        {
            final ByteBuf body = context.alloc().buffer(16 * 1024);
            try (ByteBufOutputStream out = new ByteBufOutputStream(body))
            {
                writer.write(out, metrics.registry().scrape());
            }
            catch (final IOException ex)
            {
                body.release();
                throw new UncheckedIOException(ex);
            }
            return body;
        }

        private static ByteBuf text(final String text)
        {
            return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        }

        private static void respond(final ChannelHandlerContext context, final FullHttpRequest request, final HttpResponseStatus status,
            final String contentType, final ByteBuf body)
        {
            final boolean head = HttpMethod.HEAD.equals(request.method());
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (head)
            {
                body.release();
            }
            final boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive)
            {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                context.writeAndFlush(response);
            }
            else
            {
                context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
