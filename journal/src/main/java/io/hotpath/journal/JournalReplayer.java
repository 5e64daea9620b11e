package io.hotpath.journal;

import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a shard's journaled commands, in journal order, through fresh logic in the same
 * {@link DecisionStage} the ring runs, and compares every result byte for byte with the journaled one.
 *
 * <p>A command without a journaled result (the engine stopped between journaling it and releasing
 * its result) is counted as unanswered, not as a mismatch.
 */
public final class JournalReplayer
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplayer.class);

    /**
     * One result that differs from the journal.
     *
     * @param commandIndex the command's journal index.
     * @param expected     the journaled result.
     * @param actual       the replayed result.
     */
    public record Mismatch(long commandIndex, byte[] expected, byte[] actual)
    {
    }

    /**
     * @param commands       commands replayed.
     * @param matched        results equal to the journaled ones.
     * @param unanswered     commands with no journaled result.
     * @param mismatches     the first mismatches, up to the limit asked for.
     * @param mismatchCount  all mismatches.
     * @param stateHash      the state hash after the last command.
     */
    public record Report(long commands, long matched, long unanswered, List<Mismatch> mismatches, long mismatchCount, long stateHash)
    {
        public boolean identical()
        {
            return mismatchCount == 0;
        }
    }

    /**
     * The snapshot sink for logic under replay: a replayed {@code TakeSnapshot} recomputes the state
     * hash its result reports, and the live snapshot files are left as they are.
     */
    public static final SnapshotSink KEEP_EXISTING_SNAPSHOTS =
        (snapshotId, engineSequence, stateHash, state, offset, length) -> true;

    private JournalReplayer()
    {
    }

    /**
     * @param reader        the journal.
     * @param logic         fresh logic, in the state the shard started from.
     * @param maxMismatches how many mismatches to keep in the report.
     */
    public static Report verify(final JournalReader reader, final ShardLogic logic, final int maxMismatches)
    {
        final DecisionStage stage = new DecisionStage(
            logic, (sequence, failure) -> LOG.warn("replayed command at engine sequence {} failed", sequence, failure));
        final ExpandableArrayBuffer replayed = new ExpandableArrayBuffer(1024);
        final UnsafeBuffer replayedView = new UnsafeBuffer(0, 0);
        final CommandCursor commands = reader.commands();
        final ResultCursor results = reader.results();
        final List<Mismatch> mismatches = new ArrayList<>();
        long commandCount = 0;
        long matched = 0;
        long unanswered = 0;
        long mismatchCount = 0;
        boolean resultPending = results.next();

        while (commands.next())
        {
            commandCount++;
            final int length = stage.decide(commands.command(), commands.length(), replayed);
            final long index = commands.index();
            while (resultPending && results.commandIndex() < index)
            {
                resultPending = results.next();
            }
            if (!resultPending || results.commandIndex() != index)
            {
                unanswered++;
                continue;
            }
            replayedView.wrap(replayed, 0, length);
            if (results.result().equals(replayedView))
            {
                matched++;
            }
            else
            {
                mismatchCount++;
                if (mismatches.size() < maxMismatches)
                {
                    mismatches.add(new Mismatch(index, copy(results.result(), results.length()), copy(replayed, length)));
                }
            }
            resultPending = results.next();
        }
        return new Report(commandCount, matched, unanswered, List.copyOf(mismatches), mismatchCount, stage.stateHash());
    }

    private static byte[] copy(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes, 0, length);
        return bytes;
    }
}
