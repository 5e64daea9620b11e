package io.hotpath.core.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;

/**
 * The {@link ShardThreading#SHARED} stage: a batch journaled and decided command by command, the journal committed at
 * its end (by the journal stage, on the batch's last command), then every result of the batch released in ring order.
 */
final class SharedHandler implements EventHandler<ShardEvent>
{
    private final RingBuffer<ShardEvent> ring;
    private final JournalHandler journal;
    private final DecisionHandler decision;
    private final EgressHandler egress;
    private long batchStart = -1;

    SharedHandler(final RingBuffer<ShardEvent> ring, final JournalHandler journal, final DecisionHandler decision,
        final EgressHandler egress)
    {
        this.ring = ring;
        this.journal = journal;
        this.decision = decision;
        this.egress = egress;
    }

    @Override
    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        journal.onEvent(event, sequence, endOfBatch);
        decision.onEvent(event, sequence, endOfBatch);
        if (endOfBatch)
        {
            for (long s = batchStart; s <= sequence; s++)
            {
                egress.onEvent(ring.get(s), s, s == sequence);
            }
            batchStart = -1;
        }
    }
}
