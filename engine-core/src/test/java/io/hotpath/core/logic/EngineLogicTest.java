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
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
    void shouldEncodeAndHashTheSameWhenTheSinkLendsAThreadToHashOn() throws Exception
    {
        final ExecutorService lent = Executors.newSingleThreadExecutor();
        try
        {
            final Taking alone = new Taking(null);
            final Taking helped = new Taking(lent);
            final AtomicInteger hashedElsewhere = new AtomicInteger();
            final EngineLogic one = new EngineLogic(2, alone, new StateDomain(1, hashedElsewhere), new StateDomain(2, hashedElsewhere));
            final EngineLogic two = new EngineLogic(2, helped, new StateDomain(1, hashedElsewhere), new StateDomain(2, hashedElsewhere));
            for (int snapshot = 1; snapshot <= 50; snapshot++)
            {
                sequence = 0;
                applyTo(one, config(1, 1, "x"));
                applyTo(one, new ControlCommand.TakeSnapshot(snapshot).source(2, 2));
                final long hashAlone = new SnapshotTakenDecoder().wrapAndApplyHeader(result, 0, header).stateHash();
                sequence = 0;
                applyTo(two, config(1, 1, "x"));
                applyTo(two, new ControlCommand.TakeSnapshot(snapshot).source(2, 2));
                final long hashHelped = new SnapshotTakenDecoder().wrapAndApplyHeader(result, 0, header).stateHash();

                assertThat(hashHelped).isEqualTo(hashAlone).isEqualTo(two.stateHash(2)).isEqualTo(helped.hash);
                assertThat(helped.state).isEqualTo(alone.state);
            }
            assertThat(helped.lentRuns.get()).as("tasks given to the lent thread").isEqualTo(50);
            assertThat(hashedElsewhere.get()).as("domains the lent thread hashed").isPositive();
        }
        finally
        {
            lent.shutdownNow();
        }
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
    private static class ParsingDomain implements DomainLogic
    {
        private final List<String> parsed;

        ParsingDomain(final List<String> parsed)
        {
            this.parsed = parsed;
        }

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

    /**
     * A domain with 2 MB of state made from its seed, enough for a lent thread to join in while it is hashed; counts the
     * hashes run off the thread that built it.
     */
    private static final class StateDomain extends ParsingDomain
    {
        private final Thread logicThread = Thread.currentThread();
        private final AtomicInteger hashedElsewhere;
        private final long[] state = new long[1 << 18];

        StateDomain(final long seed, final AtomicInteger hashedElsewhere)
        {
            super(new ArrayList<>());
            this.hashedElsewhere = hashedElsewhere;
            for (int i = 0; i < state.length; i++)
            {
                state[i] = seed * 31 + i * 0x9E37_79B9_7F4A_7C15L;
            }
        }

        @Override
        public ConfigDomain configDomain()
        {
            return null;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
            if (Thread.currentThread() != logicThread)
            {
                hashedElsewhere.incrementAndGet();
            }
            hasher.add(StateHashing.chain(0, state, 0, state.length));
        }

        @Override
        public void writeState(final StateWriter out)
        {
            out.putLongs(state, 0, state.length);
        }
    }

    /**
     * Takes each snapshot's array and keeps a copy of its bytes and its hash; runs the tasks it is lent on {@code lent}, if
     * any.
     */
    private static final class Taking implements SnapshotSink
    {
        private final ExecutorService lent;
        private final AtomicInteger lentRuns = new AtomicInteger();
        private byte[] state;
        private long hash;

        Taking(final ExecutorService lent)
        {
            this.lent = lent;
        }

        @Override
        public boolean write(final long snapshotId, final long engineSequence, final long stateHash, final DirectBuffer buffer,
            final int offset, final int length)
        {
            throw new AssertionError("takes arrays");
        }

        @Override
        public boolean takesArrays()
        {
            return true;
        }

        @Override
        public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] encoded, final int length)
        {
            state = Arrays.copyOf(encoded, length);
            hash = stateHash;
            return true;
        }

        @Override
        public void runAside(final Runnable task)
        {
            if (lent != null)
            {
                lentRuns.incrementAndGet();
                lent.execute(task);
            }
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
