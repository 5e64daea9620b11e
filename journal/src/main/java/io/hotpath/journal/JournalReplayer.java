package io.hotpath.journal;

import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a shard's journaled commands, in journal order, through logic in the same
 * {@link DecisionStage} the ring runs, and hands each replayed result, with the journaled one, to a
 * {@link ResultHandler}. {@link #verify} is the handler that compares them byte for byte.
 *
 * <pre>
 *   range unset     fresh logic, every command from the first
 *   from            the newest snapshot before the range that restores to its state hash, then the
 *                   commands after it; results are handed over from the range's first command
 *   to              stops after the range's last command
 *   tenant          every command is applied (tenants share a shard's bounded tables), but only
 *                   that tenant's results are handed over
 * </pre>
 *
 * A command without a journaled result (the engine stopped between journaling it and releasing
 * its result) is handed over with a null journaled result.
 */
public final class JournalReplayer
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplayer.class);
    private static final int PROGRESS_STEP = 1 << 14;

    /**
     * The snapshot sink for logic under replay: a replayed {@code TakeSnapshot} recomputes the state
     * hash its result reports, and the live snapshot files are left as they are.
     */
    public static final SnapshotSink KEEP_EXISTING_SNAPSHOTS =
        (snapshotId, engineSequence, stateHash, state, offset, length) -> true;

    /**
     * Which commands' results are handed over.
     *
     * @param from   the first; {@link Bound#NONE} for the journal's first.
     * @param to     the last; {@link Bound#NONE} for the journal's last.
     * @param tenant only this tenant's; 0 for every tenant's.
     */
    public record Range(Bound from, Bound to, long tenant)
    {
        public static final Range ALL = new Range(Bound.NONE, Bound.NONE, 0);
    }

    /**
     * Told how far a replay is; called on the replaying thread.
     */
    public interface Progress
    {
        Progress NONE = new Progress()
        {
            @Override
            public void start(final long commands)
            {
            }

            @Override
            public void advance(final long commands)
            {
            }
        };

        /**
         * @param commands commands the replay will apply, at most.
         */
        void start(long commands);

        void advance(long commands);
    }

    /**
     * Receives each replayed result in the range. The buffers are valid only during the call.
     */
    @FunctionalInterface
    public interface ResultHandler
    {
        /**
         * @param engineSequence  the command's engine sequence.
         * @param command         the journaled command.
         * @param journaled       the journaled result, or null when the command has none.
         * @param journaledLength its length.
         * @param replayed        the result the replay produced.
         * @param replayedLength  its length.
         */
        void onResult(long engineSequence, CommandCursor command, DirectBuffer journaled, int journaledLength, DirectBuffer replayed,
            int replayedLength);
    }

    /**
     * Where a replay starts.
     *
     * @param logic          the logic, fresh or restored.
     * @param engineSequence the commands it has applied: 0, or the snapshot's engine sequence.
     * @param snapshot       the snapshot file it was restored from, or null.
     * @param firstInRange   the engine sequence of the range's first command; past the journal's end if none.
     */
    public record Start(ShardLogic logic, long engineSequence, Path snapshot, long firstInRange)
    {
    }

    /**
     * What a replay did.
     *
     * @param start     where it started.
     * @param commands  commands applied.
     * @param handed    results handed over.
     * @param torn      journal entries passed over because they were cut short.
     * @param stateHash the state hash after the last command applied.
     * @param seconds   wall time.
     */
    public record Run(Start start, long commands, long handed, long torn, long stateHash, double seconds)
    {
        /**
         * @return commands applied per second.
         */
        public double throughput()
        {
            return commands / Math.max(1e-9, seconds);
        }
    }

    /**
     * One result that differs from the journal, with its command.
     *
     * @param engineSequence the command's engine sequence.
     * @param commandIndex   the command's journal index.
     * @param command        the command.
     * @param expected       the journaled result.
     * @param actual         the replayed result.
     */
    public record Mismatch(long engineSequence, long commandIndex, byte[] command, byte[] expected, byte[] actual)
    {
    }

    /**
     * What a verification found.
     *
     * @param run           the replay.
     * @param compared      results compared: those in range with a journaled result.
     * @param matched       results equal to the journaled ones.
     * @param unanswered    commands in range with no journaled result.
     * @param mismatches    the first mismatches, up to the limit asked for.
     * @param mismatchCount all mismatches.
     */
    public record Report(Run run, long compared, long matched, long unanswered, List<Mismatch> mismatches, long mismatchCount)
    {
        public boolean identical()
        {
            return mismatchCount == 0;
        }

        /**
         * @return commands replayed.
         */
        public long commands()
        {
            return run.commands();
        }

        /**
         * @return the state hash after the last command replayed.
         */
        public long stateHash()
        {
            return run.stateHash();
        }
    }

    private JournalReplayer()
    {
    }

    /**
     * Replays every command of the journal through {@code logic} and compares every result.
     *
     * @param logic         fresh logic, in the state the shard started from.
     * @param maxMismatches how many mismatches to keep in the report.
     */
    public static Report verify(final JournalReader reader, final ShardLogic logic, final int maxMismatches)
    {
        return verify(reader, new Start(logic, 0, null, 1), Range.ALL, maxMismatches, Progress.NONE);
    }

    /**
     * Replays the journal from {@code start} and compares the results in {@code range} byte for byte.
     *
     * @param maxMismatches how many mismatches to keep in the report.
     */
    public static Report verify(final JournalReader reader, final Start start, final Range range, final int maxMismatches,
        final Progress progress)
    {
        final ByteComparison comparison = new ByteComparison(maxMismatches);
        final Run run = replay(reader, start, range, progress, comparison);
        return new Report(run, comparison.compared, comparison.matched, comparison.unanswered, List.copyOf(comparison.mismatches),
            comparison.mismatchCount);
    }

    /**
     * Chooses where a replay of {@code range} starts: fresh logic at the journal's start when the
     * range has no start; otherwise the newest snapshot before the range's first command that
     * passes its checksum and restores to its state hash, or fresh logic if there is none.
     *
     * @param fresh builds fresh logic, with the limits the shard ran with.
     */
    public static Start start(final Path shardDir, final JournalReader reader, final Range range, final Supplier<ShardLogic> fresh)
    {
        final long firstInRange = firstInRange(reader, range.from());
        final FileSnapshotStore snapshots = new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir));
        if (firstInRange > 1)
        {
            final ShardRecovery.Restored restored =
                ShardRecovery.newestUsable(snapshots, reader.firstSequence() - 1, firstInRange - 1, reader.lastSequence(), fresh);
            if (restored != null)
            {
                return new Start(restored.logic(), restored.engineSequence(), restored.file(), firstInRange);
            }
        }
        if (reader.firstSequence() > 1)
        {
            // Older cycles were removed and no snapshot comes before the range: start at the first one that covers the journal.
            final long last = reader.lastSequence();
            final ShardRecovery.Restored restored = ShardRecovery.oldestUsable(snapshots, reader.firstSequence() - 1, last, last, fresh);
            if (restored == null)
            {
                throw new IllegalStateException(shardDir + ": the journal starts at engine sequence " + reader.firstSequence()
                    + " (older roll cycles were removed) and no usable snapshot covers the commands before it");
            }
            return new Start(restored.logic(), restored.engineSequence(), restored.file(),
                Math.max(firstInRange, restored.engineSequence() + 1));
        }
        return new Start(fresh.get(), 0, null, firstInRange);
    }

    /**
     * Applies the journal's commands from {@code start} and hands each result in {@code range} to {@code handler}.
     */
    public static Run replay(final JournalReader reader, final Start start, final Range range, final Progress progress,
        final ResultHandler handler)
    {
        progress.start(Math.max(0, reader.lastSequence() - start.engineSequence()));
        final long began = System.nanoTime();

        final DecisionStage stage = new DecisionStage(start.logic(), (sequence, failure) ->
            LOG.warn("replayed command at engine sequence {} failed", sequence, failure), start.engineSequence());
        final ExpandableArrayBuffer replayed = new ExpandableArrayBuffer(4096);
        final UnsafeBuffer replayedView = new UnsafeBuffer(0, 0);
        final CommandCursor cursor = reader.commands();
        if (!cursor.skipTo(start.engineSequence()))
        {
            throw new IllegalStateException("the journal does not hold engine sequence " + start.engineSequence()
                + ", where the replay starts; it holds " + reader.firstSequence() + " onwards");
        }
        final ResultCursor results = reader.results();
        boolean resultPending = results.next();
        long applied = 0;
        long handed = 0;
        while (cursor.next())
        {
            final long sequence = cursor.sequence();
            final boolean inRange = sequence >= start.firstInRange() && range.to().upperAdmits(cursor);
            if (sequence > start.firstInRange() && !range.to().upperAdmits(cursor))
            {
                break;
            }
            final int length = stage.decide(cursor.command(), cursor.length(), replayed);
            applied++;
            if ((applied & (PROGRESS_STEP - 1)) == 0)
            {
                progress.advance(PROGRESS_STEP);
            }
            if (!inRange || (range.tenant() != 0 && cursor.tenantId() != range.tenant()))
            {
                continue;
            }
            final long index = cursor.index();
            while (resultPending && results.commandIndex() < index)
            {
                resultPending = results.next();
            }
            replayedView.wrap(replayed, 0, length);
            handed++;
            if (resultPending && results.commandIndex() == index)
            {
                handler.onResult(sequence, cursor, results.result(), results.length(), replayedView, length);
            }
            else
            {
                handler.onResult(sequence, cursor, null, 0, replayedView, length);
            }
        }
        progress.advance(applied & (PROGRESS_STEP - 1));
        return new Run(start, applied, handed, cursor.torn() + results.torn(), stage.stateHash(), (System.nanoTime() - began) / 1e9);
    }

    /**
     * @return the engine sequence of the first command at or after {@code from}: the journal's first
     *         when unset, past the journal's end when no command is.
     */
    static long firstInRange(final JournalReader reader, final Bound from)
    {
        if (from.sequence() != 0 || !from.isSet())
        {
            return Math.max(reader.firstSequence(), from.sequence());
        }
        final CommandCursor commands = reader.commands();
        while (commands.next())
        {
            if (from.lowerAdmits(commands))
            {
                return commands.sequence();
            }
        }
        return commands.sequence() + 1;
    }

    private static byte[] copy(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes, 0, length);
        return bytes;
    }

    /**
     * Compares each replayed result with the journaled one, byte for byte.
     */
    private static final class ByteComparison implements ResultHandler
    {
        private final int maxMismatches;
        private final List<Mismatch> mismatches = new ArrayList<>();
        private long compared;
        private long matched;
        private long unanswered;
        private long mismatchCount;

        ByteComparison(final int maxMismatches)
        {
            this.maxMismatches = maxMismatches;
        }

        @Override
        public void onResult(final long engineSequence, final CommandCursor command, final DirectBuffer journaled,
            final int journaledLength, final DirectBuffer replayed, final int replayedLength)
        {
            if (journaled == null)
            {
                unanswered++;
                return;
            }
            compared++;
            if (journaledLength == replayedLength && journaled.equals(replayed))
            {
                matched++;
                return;
            }
            mismatchCount++;
            if (mismatches.size() < maxMismatches)
            {
                mismatches.add(new Mismatch(engineSequence, command.index(), copy(command.command(), command.length()),
                    copy(journaled, journaledLength), copy(replayed, replayedLength)));
            }
        }
    }
}
