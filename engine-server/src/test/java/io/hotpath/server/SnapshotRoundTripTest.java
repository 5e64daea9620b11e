package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MarketDataAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.OutcomeRecordedDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.state.StateFormatException;
import io.hotpath.core.state.StateWriter;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.workload.MixedWorkload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A snapshot holds the whole state of every domain: restored into fresh logic and followed by the
 * commands after it, it gives the same results, byte for byte, and the same state hash as the
 * whole command stream from the start.
 */
class SnapshotRoundTripTest
{
    private static final long START = 1_795_000_000_000_000_000L;
    private static final int COMMANDS = 24_000;
    private static final int SNAPSHOT_AT = 14_000;

    @Test
    void shouldGiveFromASnapshotAndTheCommandsAfterItWhatTheWholeStreamGives()
    {
        final List<byte[]> commands = commands();
        final byte[][] snapshot = new byte[1][];
        final long[] snapshotHash = new long[1];
        final SnapshotSink capture = (id, sequence, hash, state, offset, length) ->
        {
            snapshot[0] = new byte[length];
            state.getBytes(offset, snapshot[0]);
            snapshotHash[0] = hash;
            return true;
        };

        final ShardLogic whole = ShardLogicFactory.engine(64).create(0, capture);
        final DecisionStage wholeStage = stage(whole, 0);
        final List<byte[]> wholeResults = apply(wholeStage, commands, 0);

        final ShardLogic restored = ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS);
        final long engineSequence = restored.restore(new UnsafeBuffer(snapshot[0]), 0, snapshot[0].length);
        assertThat(engineSequence).isEqualTo(SNAPSHOT_AT + 1);
        assertThat(restored.stateHash(engineSequence)).as("restored state").isEqualTo(snapshotHash[0]);
        final DecisionStage restoredStage = stage(restored, engineSequence);
        final List<byte[]> tailResults = apply(restoredStage, commands, (int)engineSequence);

        for (int i = 0; i < tailResults.size(); i++)
        {
            assertThat(tailResults.get(i)).as("result of command %d", engineSequence + i + 1)
                .isEqualTo(wholeResults.get((int)engineSequence + i));
        }
        assertThat(restoredStage.stateHash()).isEqualTo(wholeStage.stateHash());
        assertThat(snapshot[0].length).as("the snapshot holds real state").isGreaterThan(100_000);
    }

    @Test
    void shouldExerciseEveryDomainMostlyWithCommandsThatSucceed()
    {
        final List<byte[]> results = apply(stage(ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 0),
            commands(), 0);
        final Map<Integer, Integer> byTemplate = new TreeMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final byte[] result : results)
        {
            byTemplate.merge(header.wrap(new UnsafeBuffer(result), 0).templateId(), 1, Integer::sum);
        }
        System.out.println("results by template: " + byTemplate);
        assertThat(byTemplate.getOrDefault(PaymentDecisionDecoder.TEMPLATE_ID, 0)).isGreaterThan(COMMANDS / 4);
        assertThat(byTemplate.getOrDefault(PriceQuoteDecoder.TEMPLATE_ID, 0)).isGreaterThan(COMMANDS / 5);
        assertThat(byTemplate.getOrDefault(OutcomeRecordedDecoder.TEMPLATE_ID, 0)).isGreaterThan(COMMANDS / 8);
        assertThat(byTemplate.getOrDefault(MarketDataAppliedDecoder.TEMPLATE_ID, 0)).isGreaterThan(COMMANDS / 10);
        assertThat(byTemplate.getOrDefault(CommandFailedDecoder.TEMPLATE_ID, 0)).isLessThan(COMMANDS / 20);
    }

    @Test
    void shouldRefuseAStateThatEndsEarly()
    {
        final byte[][] snapshot = new byte[1][];
        final ShardLogic logic = ShardLogicFactory.engine(64).create(0, (id, sequence, hash, state, offset, length) ->
        {
            snapshot[0] = new byte[length];
            state.getBytes(offset, snapshot[0]);
            return true;
        });
        apply(stage(logic, 0), commands().subList(0, SNAPSHOT_AT + 1), 0);

        final byte[] cut = Arrays.copyOf(snapshot[0], snapshot[0].length - 9);
        final ShardLogic fresh = ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS);
        assertThatThrownBy(() -> fresh.restore(new UnsafeBuffer(cut), 0, cut.length)).isInstanceOf(StateFormatException.class);
    }

    @Test
    void shouldEncodeEachSnapshotIntoTheArrayATakingSinkGaveBackAndStoreWhatACopyStores()
    {
        final List<byte[]> commands = withSnapshotsEvery(5_000);
        final List<byte[]> copies = new ArrayList<>();
        final SnapshotSink copying = (id, sequence, hash, state, offset, length) ->
        {
            final byte[] copy = new byte[length];
            state.getBytes(offset, copy);
            copies.add(copy);
            return true;
        };
        final TakingSink taking = new TakingSink(false);
        final List<byte[]> copyingResults = apply(stage(ShardLogicFactory.engine(64).create(0, copying), 0), commands, 0);
        final List<byte[]> takingResults = apply(stage(ShardLogicFactory.engine(64).create(0, taking), 0), commands, 0);

        assertThat(takingResults).as("results, snapshot hashes included").containsExactlyElementsOf(copyingResults);
        assertThat(taking.states).hasSize(copies.size()).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < copies.size(); i++)
        {
            assertThat(taking.states.get(i)).as("state of snapshot %d", i).isEqualTo(copies.get(i));
        }
        assertThat(taking.offered).as("an array offered before every snapshot but the first").hasSize(copies.size() - 1);
        for (int i = 1; i < copies.size(); i++)
        {
            assertThat(taking.taken.get(i)).as("snapshot %d encoded into the array given back", i).isSameAs(taking.offered.get(i - 1));
        }
    }

    @Test
    void shouldEncodeTheFirstSnapshotIntoTheArrayASinkMadeReadyWhenATickToldItTheSize()
    {
        final List<byte[]> commands = withSnapshotsEvery(5_000);
        final TakingSink readying = new TakingSink(true);
        final List<byte[]> results = apply(stage(ShardLogicFactory.engine(64).create(0, readying), 0), commands, 0);

        assertThat(results).as("results, snapshot hashes included")
            .containsExactlyElementsOf(apply(stage(ShardLogicFactory.engine(64).create(0, new TakingSink(false)), 0), commands, 0));
        assertThat(readying.expected).as("told at ticks").isNotEmpty();
        assertThat(readying.taken.get(0)).as("the first snapshot encoded into an array made ready before it")
            .isSameAs(readying.offered.get(0));
        assertThat(readying.offered).as("an array offered before every snapshot").hasSameSizeAs(readying.taken);
        assertThat(readying.expected.get(readying.expected.size() - 1)).as("the last size told: room for the last state")
            .isGreaterThanOrEqualTo(readying.states.get(readying.states.size() - 1).length);
    }

    /**
     * Takes each array and gives it back for the next snapshot, grown first when the state nearly outgrew it, as the
     * engine's snapshot writer does once a snapshot is stored; nothing when asked for more than it has.
     */
    private static final class TakingSink implements SnapshotSink
    {
        final List<byte[]> taken = new ArrayList<>();
        final List<byte[]> states = new ArrayList<>();
        final List<byte[]> offered = new ArrayList<>();
        final List<Long> expected = new ArrayList<>();
        private final boolean readies;
        private byte[] spare;

        /**
         * @param readies makes an array ready for the size a tick tells it, with the room the engine's writer gives it on its
         *                thread.
         */
        TakingSink(final boolean readies)
        {
            this.readies = readies;
        }

        @Override
        public void expect(final long bytes)
        {
            expected.add(bytes);
            if (readies && (spare == null || spare.length < bytes))
            {
                spare = new byte[StateWriter.withRoom(bytes)];
            }
        }

        @Override
        public boolean write(final long snapshotId, final long engineSequence, final long stateHash, final DirectBuffer state,
            final int offset, final int length)
        {
            throw new AssertionError("a sink that takes arrays is not asked to copy one");
        }

        @Override
        public boolean takesArrays()
        {
            return true;
        }

        @Override
        public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
        {
            taken.add(state);
            states.add(Arrays.copyOf(state, length));
            // Roomier than the engine's writer: the state of this short stream grows by more than half between snapshots.
            spare = state.length >= 3 * length ? state : new byte[4 * length];
            return true;
        }

        @Override
        public byte[] spareArray(final long bytes)
        {
            if (spare == null || spare.length < bytes)
            {
                return null;
            }
            offered.add(spare);
            final byte[] given = spare;
            spare = null;
            return given;
        }
    }

    private static List<byte[]> withSnapshotsEvery(final int commands)
    {
        final List<byte[]> stream = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (final byte[] command : commands())
        {
            stream.add(command);
            if (stream.size() % commands == 0)
            {
                final int at = stream.size();
                final int length = new ControlCommand.TakeSnapshot(at).source(at, START + at).encodeCommand(buffer);
                final byte[] snapshot = new byte[length];
                buffer.getBytes(0, snapshot);
                stream.add(snapshot);
            }
        }
        return stream;
    }

    private static DecisionStage stage(final ShardLogic logic, final long engineSequence)
    {
        return new DecisionStage(logic, (sequence, failure) ->
        {
            throw new AssertionError("command " + sequence + " failed", failure);
        }, engineSequence);
    }

    private static List<byte[]> apply(final DecisionStage stage, final List<byte[]> commands, final int from)
    {
        final ExpandableArrayBuffer result = new ExpandableArrayBuffer(4096);
        final List<byte[]> results = new ArrayList<>();
        for (int i = from; i < commands.size(); i++)
        {
            final byte[] command = commands.get(i);
            final int length = stage.decide(new UnsafeBuffer(command), command.length, result);
            results.add(Arrays.copyOf(result.byteArray(), length));
        }
        return results;
    }

    static List<byte[]> commands()
    {
        final MixedWorkload workload = new MixedWorkload(20261123L, 4, START);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
        final List<byte[]> commands = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++)
        {
            final int length = i == SNAPSHOT_AT
                ? new ControlCommand.TakeSnapshot(1).source(i, START + i).encodeCommand(buffer)
                : workload.next(buffer);
            final byte[] command = new byte[length];
            buffer.getBytes(0, command);
            commands.add(command);
        }
        return commands;
    }
}
