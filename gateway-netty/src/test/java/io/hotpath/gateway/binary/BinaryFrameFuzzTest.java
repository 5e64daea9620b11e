package io.hotpath.gateway.binary;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.control.LocalShardDirectory;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.HelloEncoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.WelcomeDecoder;
import io.hotpath.gateway.ShardLogicFactory;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.hotpath.journal.JournalReplayer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzz targets for what a binary client controls byte for byte.
 *
 * <pre>
 *   frames    any bytes, after a Hello or not, in any chunks, into a real connection handler on an
 *             in-memory channel: it must answer only with whole frames (Welcome or CommandFailed),
 *             and never throw
 *   commands  any bytes the front's check lets through go on to the engine's decision logic, with
 *             every domain configured: the logic must answer, never fail
 * </pre>
 *
 * With the tests, each runs its regression corpus; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class BinaryFrameFuzzTest
{
    private static final BinaryFront.Context FRONT = new BinaryFront.Context(
        new LocalShardDirectory(new HashShardPlacement(1), 1), new OffsetEpochNanoClock(), Authenticator.OFF,
        new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of()), FrontMetrics.NONE, 64 * 1024, 16, 4096, Duration.ofSeconds(5));
    private static final ShardLogic LOGIC = configuredLogic();
    private static final DecisionStage STAGE = new DecisionStage(LOGIC, (sequence, failure) ->
    {
        throw new AssertionError("the logic failed on a command the front let through", failure);
    }, 0);
    private static final ExpandableArrayBuffer RESULT = new ExpandableArrayBuffer(8192);
    private static final CommandFrames FRAMES = new CommandFrames();

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

    @FuzzTest(maxDuration = "10s")
    void commands(final byte[] input)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(input);
        if (FRAMES.check(frame, 0, input.length, Principal.ANYONE) != ResultCode.OK)
        {
            return;
        }
        // Steer the tenant to one with every domain configured, so the fuzzer reaches the decisions.
        frame.putLong(MessageHeaderDecoder.ENCODED_LENGTH, 1 + Math.floorMod(FRAMES.tenantId(), 2), ByteOrder.LITTLE_ENDIAN);
        assertThat(STAGE.decide(frame, input.length, RESULT)).isPositive();
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

    private static ShardLogic configuredLogic()
    {
        final ShardLogic logic = ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS);
        final DecisionStage setUp = new DecisionStage(logic, (sequence, failure) -> { }, 0);
        final ExpandableArrayBuffer command = new ExpandableArrayBuffer(16 * 1024);
        final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
        for (long tenant = 1; tenant <= 2; tenant++)
        {
            for (final String domain : new String[] {"routing", "fraud", "pricing"})
            {
                final byte[] document = resource("/examples/" + domain + "-example.conf");
                final int length = new ControlCommand.ApplyConfig(tenant, ConfigDomain.valueOf(domain.toUpperCase(Locale.ROOT)), 1,
                    document, domain).source(tenant, 1).encodeCommand(command);
                setUp.decide(command, length, result);
            }
        }
        return logic;
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = BinaryFrameFuzzTest.class.getResourceAsStream(name))
        {
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
