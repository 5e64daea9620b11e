package io.hotpath.core.shard;

import com.lmax.disruptor.EventHandler;

/**
 * The replicator stage: hands each decided command, in ring order, to the shard's {@link Replication}, and ends its batch
 * with the ring's, so the followers get one write per batch.
 */
final class ReplicatorHandler implements EventHandler<ShardEvent>
{
    private final Replication replication;
    private final StageFailures failures;

    ReplicatorHandler(final Replication replication, final StageFailures failures)
    {
        this.replication = replication;
        this.failures = failures;
    }

    @Override
    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        try
        {
            if (event.commandLength > 0)
            {
                replication.replicate(event.engineSequence, event.commandBuffer(), event.commandLength, event.resultBuffer(),
                    event.resultLength);
            }
            if (endOfBatch)
            {
                replication.endOfBatch();
            }
        }
        catch (final Throwable failure)
        {
            failures.onFailure(Stage.REPLICATION, sequence, failure);
        }
    }
}
