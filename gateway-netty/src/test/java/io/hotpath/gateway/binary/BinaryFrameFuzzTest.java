package io.hotpath.gateway.binary;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.control.LocalShardDirectory;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.HelloEncoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.WelcomeDecoder;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzz target for what a binary client controls byte for byte: any bytes, after a Hello or not, in
 * any chunks, into a real connection handler on an in-memory channel. It must answer only with whole
 * frames (Welcome or CommandFailed), and never throw. What the front lets through is fuzzed into the
 * engine's logic by {@code BinaryCommandFuzzTest} (engine-server).
 *
 * With the tests, each runs its regression corpus; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class BinaryFrameFuzzTest
{
    private static final BinaryFront.Context FRONT = new BinaryFront.Context(
        new LocalShardDirectory(new HashShardPlacement(1), 1), new OffsetEpochNanoClock(), Authenticator.OFF,
        new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of()), FrontMetrics.NONE, 64 * 1024, 2048, 16, 4096, Duration.ofSeconds(5));

    @FuzzTest(maxDuration = "10s")
    void frames(final FuzzedDataProvider data)
    {
        final EmbeddedChannel channel = new EmbeddedChannel(new BinaryConnection(FRONT));
        try
        {
            if (data.consumeBoolean())
            {
                channel.writeInbound(Unpooled.wrappedBuffer(hello()));
            }
            while (data.remainingBytes() > 0 && channel.isActive())
            {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(1 + data.consumeInt(0, 512))));
            }
            channel.checkException();
            ByteBuf out;
            while ((out = channel.readOutbound()) != null)
            {
                try
                {
                    assertWholeFrames(out);
                }
                finally
                {
                    out.release();
                }
            }
        }
        finally
        {
            channel.finishAndReleaseAll();
        }
    }

    private static void assertWholeFrames(final ByteBuf out)
    {
        while (out.isReadable())
        {
            assertThat(out.readableBytes()).isGreaterThanOrEqualTo(FrameDescriptor.LENGTH_FIELD);
            final int length = out.readIntLE();
            assertThat(out.readableBytes()).isGreaterThanOrEqualTo(length);
            final int templateId = out.getUnsignedShortLE(out.readerIndex() + 2);
            assertThat(templateId).isIn(CommandFailedDecoder.TEMPLATE_ID, WelcomeDecoder.TEMPLATE_ID);
            out.skipBytes(length);
        }
    }

    private static byte[] hello()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .protocolVersion(FrameDescriptor.PROTOCOL_VERSION).clientName("fuzz").apiKey("").bearer("");
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + hello.encodedLength();
        final byte[] frame = new byte[FrameDescriptor.LENGTH_FIELD + length];
        new UnsafeBuffer(frame).putInt(0, length, ByteOrder.LITTLE_ENDIAN);
        buffer.getBytes(0, frame, FrameDescriptor.LENGTH_FIELD, length);
        return frame;
    }
}
