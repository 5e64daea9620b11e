package io.hotpath.bench.load;

import io.hotpath.core.sbe.HelloDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultMetaEncoder;
import io.hotpath.core.sbe.WelcomeEncoder;
import io.hotpath.gateway.EventLoops;
import io.hotpath.gateway.binary.BinaryFront;
import io.hotpath.gateway.binary.FrameDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The binary front's anchor: bare Netty on loopback, built as the front is (one event loop from
 * {@link EventLoops#group}, the front's socket options), speaking the same framing. It answers Hello with Welcome and
 * every command frame, at once, with the same result, one the engine gave for a payment of the same
 * traffic, with the command's correlation id written in: the same bytes each way, no engine.
 * Replies go out with one flush per read batch, which is what Netty does best.
 */
final class BareBinaryServer implements AutoCloseable
{
    private static final int RESULT_CORRELATION_ID_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + ResultMetaEncoder.correlationIdEncodingOffset();

    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * @param answer      an SBE result message, with its header, as the engine sends it.
     * @param maxInFlight what Welcome tells the client it may have in flight.
     */
    BareBinaryServer(final byte[] answer, final int maxInFlight)
    {
        group = EventLoops.group(1, "bare-binary");
        channel = BinaryFront.serverBootstrap(group)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel child)
                {
                    child.pipeline()
                        .addLast(new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, 64 * 1024, 0, FrameDescriptor.LENGTH_FIELD, 0,
                            FrameDescriptor.LENGTH_FIELD, true))
                        .addLast(new Echo(answer, maxInFlight));
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * One connection: frames in, the fixed answer out. Not thread-safe; on the connection's event loop.
     */
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf>
    {
        private final byte[] answer;
        private final int maxInFlight;

        Echo(final byte[] answer, final int maxInFlight)
        {
            this.answer = answer;
            this.maxInFlight = maxInFlight;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext context, final ByteBuf frame)
        {
            if (frame.getUnsignedShortLE(frame.readerIndex() + MessageHeaderDecoder.templateIdEncodingOffset()) == HelloDecoder.TEMPLATE_ID)
            {
                welcome(context);
                return;
            }
            final long correlationId = frame.getLongLE(frame.readerIndex() + FrameDescriptor.CORRELATION_ID_OFFSET);
            final ByteBuf reply = context.alloc().ioBuffer(FrameDescriptor.LENGTH_FIELD + answer.length);
            reply.writeIntLE(answer.length).writeBytes(answer);
            reply.setLongLE(FrameDescriptor.LENGTH_FIELD + RESULT_CORRELATION_ID_OFFSET, correlationId);
            context.write(reply, context.voidPromise());
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext context)
        {
            context.flush();
        }

        private void welcome(final ChannelHandlerContext context)
        {
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
            final WelcomeEncoder welcome = new WelcomeEncoder().wrapAndApplyHeader(scratch, 0, new MessageHeaderEncoder())
                .protocolVersion(FrameDescriptor.PROTOCOL_VERSION).tenantId(0).operatorRole((short)1)
                .maxFrameBytes(64 * 1024).maxInFlight(maxInFlight);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + welcome.encodedLength();
            final ByteBuf reply = context.alloc().ioBuffer(FrameDescriptor.LENGTH_FIELD + length);
            reply.writeIntLE(length).writeBytes(scratch.byteArray(), 0, length);
            context.writeAndFlush(reply, context.voidPromise());
        }
    }
}
