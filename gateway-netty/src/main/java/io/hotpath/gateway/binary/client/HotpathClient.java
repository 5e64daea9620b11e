package io.hotpath.gateway.binary.client;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.HelloEncoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.sbe.WelcomeDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.gateway.binary.FrameDescriptor;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client of the binary front: one TCP (or TLS) connection, authenticated at connect, over which
 * commands are pipelined and their results matched by correlation id.
 *
 * <pre>
 *   try (HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", 7001).apiKey(key)))
 *   {
 *       final DecidePaymentCommand payment = ...;                 // any engine command: a CommandSource
 *       final CompletableFuture&lt;Reply&gt; decided = client.send(payment);  // no waiting between sends
 *       final Reply reply = decided.get();
 *       if (reply.templateId() == PaymentDecisionDecoder.TEMPLATE_ID) ...
 *   }
 * </pre>
 *
 * A command's correlation id is its own when it has one (unique among those in flight on the
 * connection); otherwise the client numbers it. Thread-safe: any thread may send.
 */
public final class HotpathClient implements AutoCloseable
{
    /**
     * Where and how to connect.
     *
     * @param host       the front's address.
     * @param port       its binary port.
     * @param apiKey     an API key, or empty.
     * @param bearer     a JWT, or empty.
     * @param tls        a client TLS context (with a key for mutual TLS), or null for plain TCP.
     * @param clientName for the front's logs.
     * @param timeout    for the connection and its Hello.
     */
    public record Options(String host, int port, String apiKey, String bearer, SslContext tls, String clientName, Duration timeout)
    {
        public static Options of(final String host, final int port)
        {
            return new Options(host, port, "", "", null, "hotpath-client", Duration.ofSeconds(10));
        }

        public Options apiKey(final String key)
        {
            return new Options(host, port, key, bearer, tls, clientName, timeout);
        }

        public Options bearer(final String token)
        {
            return new Options(host, port, apiKey, token, tls, clientName, timeout);
        }

        public Options tls(final SslContext context)
        {
            return new Options(host, port, apiKey, bearer, context, clientName, timeout);
        }

        public Options timeout(final Duration wait)
        {
            return new Options(host, port, apiKey, bearer, tls, clientName, wait);
        }
    }

    /**
     * The front's terms for this connection.
     *
     * @param tenantId      the tenant it acts for; 0 for an operator.
     * @param operator      true for an operator.
     * @param maxFrameBytes largest frame the front takes.
     * @param maxInFlight   commands that may be unanswered at once; more are refused OVERLOADED.
     */
    public record Welcome(long tenantId, boolean operator, int maxFrameBytes, int maxInFlight)
    {
    }

    /**
     * The front refused the connection (its credentials), or closed it.
     */
    public static final class RefusedException extends Exception
    {
        private static final long serialVersionUID = 1L;

        RefusedException(final String message)
        {
            super(message);
        }
    }

    private static final ThreadLocal<ExpandableArrayBuffer> ENCODING = ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(4096));

    private final EventLoopGroup group;
    private final Channel channel;
    private final ConcurrentMap<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong correlationIds = new AtomicLong(System.nanoTime() & 0x3FFF_FFFF_FFFF_FFFFL);
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();

    private HotpathClient(final Options options) throws InterruptedException
    {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try
        {
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)options.timeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel socket)
                    {
                        if (options.tls() != null)
                        {
                            socket.pipeline().addLast(options.tls().newHandler(socket.alloc(), options.host(), options.port()));
                        }
                        socket.pipeline()
                            .addLast(new FlushConsolidationHandler(256, true))
                            .addLast(new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, 16 * 1024 * 1024, 0,
                                FrameDescriptor.LENGTH_FIELD, 0, FrameDescriptor.LENGTH_FIELD, true))
                            .addLast(new Replies());
                    }
                })
                .connect(options.host(), options.port()).sync().channel();
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            group.shutdownGracefully();
            throw ex;
        }
    }

    /**
     * Connects and says Hello with the options' credentials.
     *
     * @throws RefusedException if the front refuses them.
     */
    public static HotpathClient connect(final Options options) throws InterruptedException, RefusedException, TimeoutException
    {
        final HotpathClient client = new HotpathClient(options);
        try
        {
            client.hello(options);
            client.welcome.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return client;
        }
        catch (final ExecutionException ex)
        {
            client.close();
            throw new RefusedException(ex.getCause().getMessage());
        }
        catch (final TimeoutException | InterruptedException ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * @return the front's terms.
     */
    public Welcome welcome()
    {
        return welcome.getNow(null);
    }

    /**
     * Sends one command; does not wait for its result.
     *
     * @return its result, when it comes; failed if the connection closes first.
     */
    public CompletableFuture<Reply> send(final CommandSource command)
    {
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        channel.writeAndFlush(frame(command, reply), channel.voidPromise());
        return reply;
    }

    /**
     * Writes a command without flushing it: it leaves with the next {@link #flush()} (or the next
     * send), so that commands due together go out in one write.
     *
     * @return its result, when it comes; failed if the connection closes first.
     */
    public CompletableFuture<Reply> write(final CommandSource command)
    {
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        channel.write(frame(command, reply), channel.voidPromise());
        return reply;
    }

    /**
     * Sends what {@link #write} has written.
     */
    public void flush()
    {
        channel.flush();
    }

    /**
     * Sends commands in one write: one flush for all.
     */
    public List<CompletableFuture<Reply>> send(final List<? extends CommandSource> commands)
    {
        final List<CompletableFuture<Reply>> replies = new ArrayList<>(commands.size());
        for (final CommandSource command : commands)
        {
            final CompletableFuture<Reply> reply = new CompletableFuture<>();
            channel.write(frame(command, reply), channel.voidPromise());
            replies.add(reply);
        }
        channel.flush();
        return replies;
    }

    /**
     * Sends one command and waits for its result.
     */
    public Reply call(final CommandSource command, final Duration timeout) throws InterruptedException, ExecutionException, TimeoutException
    {
        return send(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        final IllegalStateException closed = new IllegalStateException("the client is closed");
        pending.values().forEach(reply -> reply.completeExceptionally(closed));
        pending.clear();
    }

    private ByteBuf frame(final CommandSource command, final CompletableFuture<Reply> reply)
    {
        final ExpandableArrayBuffer encoding = ENCODING.get();
        final int length = command.encodeCommand(encoding);
        long correlationId = encoding.getLong(FrameDescriptor.CORRELATION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (correlationId == 0)
        {
            correlationId = correlationIds.incrementAndGet();
            encoding.putLong(FrameDescriptor.CORRELATION_ID_OFFSET, correlationId, ByteOrder.LITTLE_ENDIAN);
        }
        if (pending.putIfAbsent(correlationId, reply) != null)
        {
            throw new IllegalArgumentException("correlation id " + correlationId + " is already in flight on this connection");
        }
        final ByteBuf frame = channel.alloc().buffer(FrameDescriptor.LENGTH_FIELD + length);
        frame.writeIntLE(length);
        frame.writeBytes(encoding.byteArray(), 0, length);
        return frame;
    }

    private void hello(final Options options)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024 + options.apiKey().length() + options.bearer().length()]);
        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .protocolVersion(FrameDescriptor.PROTOCOL_VERSION).clientName(options.clientName()).apiKey(options.apiKey())
            .bearer(options.bearer());
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + hello.encodedLength();
        final ByteBuf frame = channel.alloc().buffer(FrameDescriptor.LENGTH_FIELD + length);
        frame.writeIntLE(length);
        frame.writeBytes(buffer.byteArray(), 0, length);
        channel.writeAndFlush(frame);
    }

    /**
     * Completes the Hello and each command's future, on the client's event loop.
     */
    private final class Replies extends SimpleChannelInboundHandler<ByteBuf>
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final ResultMetaDecoder meta = new ResultMetaDecoder();

        @Override
        protected void channelRead0(final ChannelHandlerContext context, final ByteBuf frame)
        {
            final byte[] message = new byte[frame.readableBytes()];
            frame.readBytes(message);
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            header.wrap(buffer, 0);
            if (header.templateId() == WelcomeDecoder.TEMPLATE_ID)
            {
                final WelcomeDecoder decoded = new WelcomeDecoder().wrapAndApplyHeader(buffer, 0, header);
                welcome.complete(new Welcome(decoded.tenantId(), decoded.operatorRole() == 1, decoded.maxFrameBytes(),
                    decoded.maxInFlight()));
                return;
            }
            final long correlationId = meta.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH).correlationId();
            if (!welcome.isDone() && header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
            {
                welcome.completeExceptionally(new IllegalStateException(new Reply(message).code() + ": " + new Reply(message).reason()));
                return;
            }
            final CompletableFuture<Reply> reply = pending.remove(correlationId);
            if (reply != null)
            {
                reply.complete(new Reply(message));
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext context)
        {
            final IllegalStateException closed = new IllegalStateException("the front closed the connection");
            welcome.completeExceptionally(closed);
            pending.values().forEach(reply -> reply.completeExceptionally(closed));
            pending.clear();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            context.close();
        }
    }
}
