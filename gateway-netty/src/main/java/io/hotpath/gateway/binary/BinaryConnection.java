package io.hotpath.gateway.binary;

import io.hotpath.core.sbe.CommandFailedEncoder;
import io.hotpath.core.sbe.HelloDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.WelcomeEncoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.auth.TenantQuotas;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.nio.ByteOrder;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the binary front (layout in {@link FrameDescriptor}).
 *
 * <pre>
 *   event loop:  bytes --frames, read in place--&gt; CommandFrames.check --&gt; quota --&gt; shard.tryPublish
 *                                                                   (copied from the socket buffer into the ring slot)
 *   egress:      result --&gt; reply ring (many shards to this one connection)  --wake once--&gt;
 *   event loop:  reply ring --&gt; one pooled buffer of frames --&gt; socket
 * </pre>
 *
 * Nothing is allocated per command on either path once the connection is warm: frames are read in
 * place through one view, published through one reusable source, answered through this one
 * listener; replies cross to the event loop through an Agrona ring sized for the connection's
 * commands in flight, which is why a command beyond them is refused (OVERLOADED) rather than queued.
 * A client that stops reading replies stops being read from.
 *
 * <p>Event-loop state is touched on the event loop only; {@link #onResult} runs on shards' egress
 * threads and touches only the reply ring, the in-flight count and the quota.
 */
final class BinaryConnection extends ByteToMessageDecoder implements ResultListener
{
    private static final Logger LOG = LoggerFactory.getLogger(BinaryConnection.class);
    private static final int REPLY = 1;
    private static final String[] REASONS = reasons();

    private final BinaryFront.Context front;
    private final CommandFrames frames;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameSource source = new FrameSource();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ManyToOneRingBuffer replies;
    private final UnsafeBuffer replyView = new UnsafeBuffer(0, 0);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandFailedEncoder failed = new CommandFailedEncoder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
    private final Runnable drain = this::drain;
    private final MessageHandler replyHandler = (type, buffer, index, length) -> writeFrame(buffer, index, length);
    private byte[] copy = new byte[0];
    private ChannelHandlerContext context;
    private ByteBuf out;
    private volatile Principal principal;
    private volatile TenantQuotas.Tenant ownQuota;
    private boolean closing;

    BinaryConnection(final BinaryFront.Context front)
    {
        this.front = front;
        this.frames = new CommandFrames(front.maxCommandBytes());
        final int record = front.maxResultBytes() + 64;
        final int capacity = Integer.highestOneBit(Math.max(1024, record * front.maxInFlight()) * 2 - 1);
        replies = new ManyToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext added)
    {
        context = added;
        added.executor().schedule(() ->
        {
            if (principal == null && added.channel().isActive())
            {
                LOG.debug("binary client {} sent no Hello within {}; closing", added.channel().remoteAddress(), front.handshakeTimeout());
                added.close();
            }
        }, front.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> unused)
    {
        while (!closing && in.readableBytes() >= FrameDescriptor.LENGTH_FIELD)
        {
            final int length = in.getIntLE(in.readerIndex());
            if (length < MessageHeaderDecoder.ENCODED_LENGTH || length > front.maxFrameBytes())
            {
                refuse(ResultCode.INVALID_ARGUMENT, "frame: its length is not between 8 and the front's maximum", 0, 0, 0);
                close(ctx, in);
                return;
            }
            if (in.readableBytes() < FrameDescriptor.LENGTH_FIELD + length)
            {
                return;
            }
            wrap(in, in.readerIndex() + FrameDescriptor.LENGTH_FIELD, length);
            if (principal == null)
            {
                hello(ctx, length);
            }
            else
            {
                command(length);
            }
            in.skipBytes(FrameDescriptor.LENGTH_FIELD + length);
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) throws Exception
    {
        flushOut();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        // A client that does not read its replies is not read from until it does.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    protected void handlerRemoved0(final ChannelHandlerContext ctx)
    {
        if (out != null)
        {
            out.release();
            out = null;
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.debug("binary connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * A shard answered one of this connection's commands: its result goes to the reply ring, and the
     * event loop is woken once for however many are waiting. Runs on the shard's egress thread.
     */
    @Override
    public void onResult(final ShardEvent event)
    {
        final TenantQuotas.Tenant quota = ownQuota;
        if (quota != null)
        {
            quota.release();
        }
        else
        {
            front.quotas().tenant(event.result().getLong(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN)).release();
        }
        if (!replies.write(REPLY, event.result(), 0, event.resultLength()))
        {
            // Cannot happen while the ring holds maxInFlight results; if a result outgrew its bound, the connection ends.
            LOG.warn("binary connection {}: a result of {} bytes did not fit its reply ring; closing", context.channel().remoteAddress(),
                event.resultLength());
            context.channel().close();
            return;
        }
        if (drainScheduled.compareAndSet(false, true))
        {
            try
            {
                context.executor().execute(drain);
            }
            catch (final RejectedExecutionException ex)
            {
                // The front is closing: the connection goes with it, and so does the reply.
                drainScheduled.set(false);
            }
        }
    }

    private void drain()
    {
        drainScheduled.set(false);
        // One read stops where the ring wraps, and a read that meets only the padding there reads no
        // message yet consumes it: read again while reads consume anything. A record still being
        // written stops the loop; its writer schedules the next drain once it commits.
        int read = 0;
        long consumed;
        do
        {
            consumed = replies.consumerPosition();
            read += replies.read(replyHandler, Integer.MAX_VALUE);
        }
        while (replies.consumerPosition() != consumed);
        if (read > 0)
        {
            inFlight.addAndGet(-read);
            flushOut();
        }
    }

    private void hello(final ChannelHandlerContext ctx, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(view, 0);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + HelloDecoder.BLOCK_LENGTH || header.templateId() != HelloDecoder.TEMPLATE_ID
            || header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            refuse(ResultCode.UNAUTHENTICATED, "the first frame must be a Hello", 0, 0, HelloDecoder.TEMPLATE_ID);
            closeAfterFlush(ctx);
            return;
        }
        final String apiKey;
        final String bearer;
        try
        {
            final HelloDecoder hello = new HelloDecoder().wrapAndApplyHeader(view, 0, header);
            hello.clientName();
            apiKey = hello.apiKey();
            bearer = hello.bearer();
        }
        catch (final IndexOutOfBoundsException | IllegalStateException ex)
        {
            refuse(ResultCode.INVALID_ARGUMENT, "Hello: runs past its frame", 0, 0, HelloDecoder.TEMPLATE_ID);
            closeAfterFlush(ctx);
            return;
        }
        final Authenticator.Outcome outcome = front.authenticator().authenticate(bearer.isEmpty() ? null : "Bearer " + bearer,
            apiKey.isEmpty() ? null : apiKey, clientCertificate(ctx));
        if (!outcome.authenticated())
        {
            refuse(ResultCode.UNAUTHENTICATED, outcome.refusal(), 0, 0, HelloDecoder.TEMPLATE_ID);
            closeAfterFlush(ctx);
            return;
        }
        final Principal caller = outcome.principal();
        ownQuota = caller.operator() ? null : front.quotas().tenant(caller.tenantId());
        principal = caller;
        final WelcomeEncoder welcome = new WelcomeEncoder().wrapAndApplyHeader(scratch, 0, headerEncoder)
            .protocolVersion(FrameDescriptor.PROTOCOL_VERSION).tenantId(caller.tenantId()).operatorRole((short)(caller.operator() ? 1 : 0))
            .maxFrameBytes(front.maxFrameBytes()).maxInFlight(front.maxInFlight());
        writeFrame(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + welcome.encodedLength());
    }

    private void command(final int length)
    {
        final Principal caller = principal;
        final ResultCode checked = frames.check(view, 0, length, caller);
        if (checked != ResultCode.OK)
        {
            refuse(checked, frames.reason(), frames.tenantId(), frames.correlationId(), frames.templateId());
            return;
        }
        final long tenantId = frames.tenantId();
        if (inFlight.get() >= front.maxInFlight())
        {
            refuse(ResultCode.OVERLOADED, "OVERLOADED: the connection has its maximum of commands in flight", tenantId,
                frames.correlationId(), frames.templateId());
            return;
        }
        final TenantQuotas.Tenant quota = ownQuota != null ? ownQuota : front.quotas().tenant(tenantId);
        final int admitted = quota.tryAcquire();
        if (admitted != TenantQuotas.ADMITTED)
        {
            refuse(ResultCode.QUOTA_EXCEEDED, admitted == TenantQuotas.OVER_RATE ? "QUOTA: the tenant is over its rate"
                : "QUOTA: the tenant has its maximum of calls in flight", tenantId, frames.correlationId(), frames.templateId());
            return;
        }
        final Shard shard = front.directory().shardFor(tenantId);
        if (shard == null)
        {
            quota.release();
            final String owner = front.directory().ownerOf(front.directory().shardIdOf(tenantId));
            refuse(ResultCode.UNAVAILABLE, owner == null ? "the tenant's shard is not running here"
                : "the tenant's shard runs on the node whose gRPC front is " + owner,
                tenantId, frames.correlationId(), frames.templateId());
            return;
        }
        inFlight.incrementAndGet();
        final int published = shard.tryPublish(source.set(view, length, front.clock().nanoTime()), this);
        if (published != Shard.PUBLISHED)
        {
            inFlight.decrementAndGet();
            quota.release();
            refuse(published == Shard.RING_FULL ? ResultCode.OVERLOADED : ResultCode.UNAVAILABLE,
                published == Shard.RING_FULL ? "OVERLOADED: the shard is full; retry later" : "the tenant's shard takes no commands",
                tenantId, frames.correlationId(), frames.templateId());
        }
    }

    /**
     * Answers a command, or the connection, with CommandFailed: engine sequence 0, never journaled.
     */
    private void refuse(final ResultCode code, final String reason, final long tenantId, final long correlationId, final int templateId)
    {
        front.metrics().onRefused(REASONS[code.ordinal()]);
        failed.wrapAndApplyHeader(scratch, 0, headerEncoder);
        failed.meta().tenantId(tenantId).correlationId(correlationId).engineSequence(0).code(code);
        failed.commandTemplateId(templateId).reason(reason);
        writeFrame(scratch, 0, MessageHeaderEncoder.ENCODED_LENGTH + failed.encodedLength());
    }

    private void writeFrame(final DirectBuffer message, final int offset, final int length)
    {
        if (out == null)
        {
            out = context.alloc().directBuffer(Math.max(4096, length + FrameDescriptor.LENGTH_FIELD));
        }
        out.ensureWritable(FrameDescriptor.LENGTH_FIELD + length);
        out.writeIntLE(length);
        final int at = out.writerIndex();
        if (out.hasMemoryAddress())
        {
            replyView.wrap(out.memoryAddress() + at, length);
            message.getBytes(offset, replyView, 0, length);
        }
        else
        {
            if (copy.length < length)
            {
                copy = new byte[length];
            }
            message.getBytes(offset, copy, 0, length);
            out.setBytes(at, copy, 0, length);
        }
        out.writerIndex(at + length);
    }

    private void flushOut()
    {
        if (out != null)
        {
            final ByteBuf written = out;
            out = null;
            context.writeAndFlush(written, context.voidPromise());
        }
    }

    private void wrap(final ByteBuf in, final int index, final int length)
    {
        if (in.hasMemoryAddress())
        {
            view.wrap(in.memoryAddress() + index, length);
        }
        else if (in.hasArray())
        {
            view.wrap(in.array(), in.arrayOffset() + index, length);
        }
        else
        {
            if (copy.length < length)
            {
                copy = new byte[length];
            }
            in.getBytes(index, copy, 0, length);
            view.wrap(copy, 0, length);
        }
    }

    private void close(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        in.skipBytes(in.readableBytes());
        closeAfterFlush(ctx);
    }

    private void closeAfterFlush(final ChannelHandlerContext ctx)
    {
        closing = true;
        final ByteBuf written = out != null ? out : ctx.alloc().buffer(0);
        out = null;
        ctx.writeAndFlush(written).addListener(ChannelFutureListener.CLOSE);
    }

    private static X509Certificate clientCertificate(final ChannelHandlerContext ctx)
    {
        final SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null)
        {
            return null;
        }
        try
        {
            final Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate ? certificate : null;
        }
        catch (final SSLPeerUnverifiedException ex)
        {
            return null;
        }
    }

    private static String[] reasons()
    {
        final ResultCode[] codes = ResultCode.values();
        final String[] reasons = new String[codes.length];
        for (final ResultCode code : codes)
        {
            reasons[code.ordinal()] = code == ResultCode.QUOTA_EXCEEDED ? "quota" : code.name().toLowerCase(Locale.ROOT);
        }
        return reasons;
    }

    /**
     * Copies one frame from the socket buffer into the ring slot, and stamps its ingress time: the
     * front's clock, not the client's.
     */
    private static final class FrameSource implements CommandSource
    {
        private DirectBuffer frame;
        private int length;
        private long ingressTime;

        FrameSource set(final DirectBuffer frame, final int length, final long ingressTime)
        {
            this.frame = frame;
            this.length = length;
            this.ingressTime = ingressTime;
            return this;
        }

        @Override
        public int encodeCommand(final MutableDirectBuffer buffer)
        {
            buffer.putBytes(0, frame, 0, length);
            buffer.putLong(FrameDescriptor.INGRESS_TIME_OFFSET, ingressTime, ByteOrder.LITTLE_ENDIAN);
            return length;
        }

        @Override
        public int encodedLength()
        {
            return length;
        }
    }
}
