package io.hotpath.core.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Appends each command to the journal, in ring order, in parallel with the decision logic, and
 * commits each batch before egress may release any result of it (group commit).
 *
 * <p>The journal thread is the only caller of the journal's command half.
 */
final class JournalHandler implements EventHandler<ShardEvent>
{
    private final ShardJournal journal;
    private final RingBuffer<ShardEvent> ring;
    private final EpochNanoClock clock;
    private final StageLatency latency;
    private final StageFailures failures;
    private long batchStart = -1;

    JournalHandler(
        final ShardJournal journal,
        final RingBuffer<ShardEvent> ring,
        final EpochNanoClock clock,
        final StageLatency latency,
        final StageFailures failures)
    {
        this.journal = journal;
        this.ring = ring;
        this.clock = clock;
        this.latency = latency;
        this.failures = failures;
    }

    @Override
    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        if (event.commandLength > 0)
        {
            try
            {
                event.journalIndex = journal.appendCommand(event.commandBuffer(), 0, event.commandLength);
                event.journaled = true;
                event.journaledAt = clock.nanoTime();
                latency.record(Stage.JOURNAL, event.publishedAt, event.journaledAt);
            }
            catch (final Throwable failure)
            {
                failures.onFailure(Stage.JOURNAL, sequence, failure);
            }
        }
        if (endOfBatch)
        {
            commit(sequence);
        }
    }

    private void commit(final long batchEnd)
    {
        try
        {
            journal.commitBatch();
        }
        catch (final Throwable failure)
        {
            failures.onFailure(Stage.JOURNAL, batchEnd, failure);
            // Egress sees this handler's sequence only after the whole batch, so unmarking here is
            // in time: no result of an uncommitted batch is released as a success.
            for (long s = batchStart; s <= batchEnd; s++)
            {
                ring.get(s).journaled = false;
            }
        }
        batchStart = -1;
    }
}
