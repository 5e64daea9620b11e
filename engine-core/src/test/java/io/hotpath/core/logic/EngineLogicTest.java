package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.CommandMetaEncoder;
import io.hotpath.core.sbe.ConfigAppliedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.sbe.SnapshotTakenDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The engine's own commands, fed one by one on the test thread: no ring, no threads.
 */
class EngineLogicTest
{
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[4096]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AtomicReference<Long> snapshotHash = new AtomicReference<>();
    private boolean snapshotStored = true;
    private final EngineLogic logic = new EngineLogic(2, (id, sequence, hash, state, offset, length) ->
    {
        snapshotHash.set(hash);
        return snapshotStored;
    });
    private long sequence;

    @Test
    void shouldEchoAPingsIdentityAndNumberIt()
    {
        apply(new PingCommand().set(11, 99, 5));
        apply(new PingCommand().set(11, 100, 6));

        assertThat(header.templateId()).isEqualTo(PingResultDecoder.TEMPLATE_ID);
        final ResultMetaDecoder meta = meta();
        assertThat(meta.tenantId()).isEqualTo(11);
        assertThat(meta.correlationId()).isEqualTo(100);
        assertThat(meta.engineSequence()).isEqualTo(2);
        assertThat(meta.code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldApplyIncreasingConfigVersionsAndRefuseOthers()
    {
        apply(config(1, 1, "a = 1"));
        assertThat(header.templateId()).isEqualTo(ConfigAppliedDecoder.TEMPLATE_ID);
        final long firstHash = new ConfigAppliedDecoder().wrapAndApplyHeader(result, 0, header).configHash();

        apply(config(1, 2, "a = 2"));
        assertThat(new ConfigAppliedDecoder().wrapAndApplyHeader(result, 0, header).configHash()).isNotEqualTo(firstHash);

        apply(config(1, 2, "a = 3"));
        assertFailed(ResultCode.INVALID_ARGUMENT, "version: 2 is in force; a new config needs a higher version, was 2 with other content");
        apply(config(1, 1, "a = 1"));
        assertFailed(ResultCode.INVALID_ARGUMENT, "version: must be higher than 2, the version in force, was 1");
    }

    @Test
    void shouldAnswerTheConfigInForceSentAgainAsAppliedAndChangeNothing()
    {
        final List<String> parsed = new ArrayList<>();
        final EngineLogic withDomain = new EngineLogic(2, (id, s, h, state, offset, length) -> true, new ParsingDomain(parsed));
        applyTo(withDomain, config(1, 1, "a = 1"));
        final long configHash = new ConfigAppliedDecoder().wrapAndApplyHeader(result, 0, header).configHash();
        final long stateHash = withDomain.stateHash(1);

        applyTo(withDomain, config(1, 1, "a = 1"));

        final ConfigAppliedDecoder again = new ConfigAppliedDecoder().wrapAndApplyHeader(result, 0, header);
        assertThat(again.meta().code()).isEqualTo(ResultCode.OK);
        assertThat(again.configVersion()).isEqualTo(1);
        assertThat(again.configHash()).isEqualTo(configHash);
        assertThat(withDomain.stateHash(1)).isEqualTo(stateHash);
        assertThat(parsed).as("configs the domain parsed").containsExactly("a = 1");

        applyTo(withDomain, config(1, 1, "a = 2"));
        assertFailed(ResultCode.INVALID_ARGUMENT, "version: 1 is in force; a new config needs a higher version, was 1 with other content");
        applyTo(withDomain, config(1, 0, "a = 1"));
        assertFailed(ResultCode.INVALID_ARGUMENT, "version: must be higher than 1, the version in force, was 0");
        assertThat(parsed).containsExactly("a = 1");
    }

    @Test
    void shouldRefuseATenantBeyondTheShardsLimit()
    {
        apply(config(1, 1, ""));
        apply(config(2, 1, ""));
        apply(config(3, 1, ""));
        assertFailed(ResultCode.LIMIT_EXCEEDED, "tenants");
    }

    @Test
    void shouldHashEqualStatesEquallyWhateverTheOrderTheyWereBuiltIn()
    {
        final EngineLogic other = new EngineLogic(2, (id, s, h, state, offset, length) -> true);
        apply(config(1, 1, "x"));
        apply(config(2, 1, "y"));
        sequence = 0;
        final EngineLogic mine = logic;
        applyTo(other, config(2, 1, "y"));
        applyTo(other, config(1, 1, "x"));

        assertThat(other.stateHash(2)).isEqualTo(mine.stateHash(2));
        assertThat(other.stateHash(3)).isNotEqualTo(mine.stateHash(2));
    }

    @Test
    void shouldReportTheStateHashOfTheSnapshotItStores()
    {
        apply(config(1, 1, "x"));
        apply(new ControlCommand.TakeSnapshot(4).source(1, 1));

        assertThat(header.templateId()).isEqualTo(SnapshotTakenDecoder.TEMPLATE_ID);
        final SnapshotTakenDecoder taken = new SnapshotTakenDecoder().wrapAndApplyHeader(result, 0, header);
        assertThat(taken.snapshotId()).isEqualTo(4);
        assertThat(taken.stateHash()).isEqualTo(snapshotHash.get()).isEqualTo(logic.stateHash(2));
    }

    @Test
    void shouldAnswerAnInternalErrorWhenTheSnapshotIsNotStored()
    {
        snapshotStored = false;
        apply(new ControlCommand.TakeSnapshot(4).source(1, 1));
        assertFailed(ResultCode.INTERNAL_ERROR, "snapshot not stored");
    }

    @Test
    void shouldRefuseUnknownAndTruncatedCommands()
    {
        apply(buffer ->
        {
            new MessageHeaderEncoder().wrap(buffer, 0).blockLength(CommandMetaEncoder.ENCODED_LENGTH).templateId(77)
                .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(0);
            buffer.setMemory(MessageHeaderEncoder.ENCODED_LENGTH, CommandMetaEncoder.ENCODED_LENGTH, (byte)0);
            return MessageHeaderEncoder.ENCODED_LENGTH + CommandMetaEncoder.ENCODED_LENGTH;
        });
        assertFailed(ResultCode.UNKNOWN_COMMAND, "unknown command");

        apply(buffer -> 5);
        assertFailed(ResultCode.INVALID_ARGUMENT, "truncated command");
    }

    /**
     * The routing domain's place, recording each config it is asked to parse; no commands, no state.
     */
    private record ParsingDomain(List<String> parsed) implements DomainLogic
    {
        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.ROUTING;
        }

        @Override
        public int[] templateIds()
        {
            return new int[0];
        }

        @Override
        public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
        {
            throw new AssertionError("no commands of its own");
        }

        @Override
        public String applyConfig(final long tenantId, final long version, final DirectBuffer config, final int offset, final int length,
            final String origin)
        {
            parsed.add(config.getStringWithoutLengthAscii(offset, length));
            return null;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
        }

        @Override
        public void writeState(final StateWriter out)
        {
        }

        @Override
        public void readState(final StateReader in)
        {
        }
    }

    private CommandSource config(final long tenant, final long version, final String text)
    {
        return new ControlCommand.ApplyConfig(tenant, ConfigDomain.ROUTING, version, text.getBytes(StandardCharsets.US_ASCII))
            .source(version, version);
    }

    private void apply(final CommandSource source)
    {
        applyTo(logic, source);
    }

    private void applyTo(final EngineLogic target, final CommandSource source)
    {
        final int length = source.encodeCommand(command);
        target.apply(command, length, ++sequence, result);
        header.wrap(result, 0);
    }

    private ResultMetaDecoder meta()
    {
        return new ResultMetaDecoder().wrap(result, MessageHeaderDecoder.ENCODED_LENGTH);
    }

    private void assertFailed(final ResultCode code, final String reason)
    {
        assertThat(header.templateId()).isEqualTo(CommandFailedDecoder.TEMPLATE_ID);
        final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header);
        assertThat(failed.meta().code()).isEqualTo(code);
        assertThat(failed.reason()).isEqualTo(reason);
    }
}
