package io.hotpath.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.binary.CommandFrames;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.server.ShardLogicFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Locale;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzz target for binary commands: any bytes the binary front's check lets through go on to the
 * engine's decision logic, with every domain configured. The logic must answer, never fail. The
 * frames themselves are fuzzed into the front by {@code BinaryFrameFuzzTest} (gateway-netty).
 *
 * With the tests, each runs its regression corpus; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class BinaryCommandFuzzTest
{
    private static final ShardLogic LOGIC = configuredLogic();
    private static final DecisionStage STAGE = new DecisionStage(LOGIC, (sequence, failure) ->
    {
        throw new AssertionError("the logic failed on a command the front let through", failure);
    }, 0);
    private static final ExpandableArrayBuffer RESULT = new ExpandableArrayBuffer(8192);
    private static final CommandFrames FRAMES = new CommandFrames(2048);

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
        try (InputStream in = BinaryCommandFuzzTest.class.getResourceAsStream(name))
        {
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
