package io.hotpath.core.shard;

import com.lmax.disruptor.EventHandler;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaDecoder;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Releases each result once its command is both journaled and decided: journals the result, hands
 * it to the command's listener, releases the messages the command staged in the outbox, then
 * clears the slot.
 *
 * <p>A command the journal did not take is answered with an internal error and faults the shard,
 * because its logic has already run and the journal no longer describes the state.
 */
final class EgressHandler implements EventHandler<ShardEvent>
{
    private final ShardJournal journal;
    private final EpochNanoClock clock;
    private final StageLatency latency;
    private final StageFailures failures;
    private final Runnable onJournalLoss;
    private final ShardOutbox outbox;
    private final OutboxHandler outboxHandler;
    private final Replication replication;
    private final ShardCounters counters;
    private final ResultWriter resultWriter = new ResultWriter();
    private final ResultMetaDecoder resultMeta = new ResultMetaDecoder();
    private static final int RESULT_META_END = MessageHeaderDecoder.ENCODED_LENGTH + ResultMetaDecoder.ENCODED_LENGTH;

    /**
     * @param outbox        the logic's outbox, or null when the logic stages nothing.
     * @param outboxHandler receives what the outbox releases.
     * @param replication   the shard's followers, or null when it has none.
     */
    EgressHandler(
        final ShardJournal journal,
        final EpochNanoClock clock,
        final StageLatency latency,
        final StageFailures failures,
        final Runnable onJournalLoss,
        final ShardOutbox outbox,
        final OutboxHandler outboxHandler,
        final Replication replication,
        final ShardCounters counters)
    {
        this.journal = journal;
        this.clock = clock;
        this.latency = latency;
        this.failures = failures;
        this.onJournalLoss = onJournalLoss;
        this.outbox = outbox;
        this.outboxHandler = outboxHandler;
        this.replication = replication;
        this.counters = counters;
    }

    @Override
    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.commandLength > 0)
        {
            release(event, sequence);
        }
        event.reset();
    }

    /**
     * Holds the result until enough followers hold its command; if they do not in time, the caller is told so (the
     * result journal keeps what the logic decided, which the followers that did receive it decide too).
     */
    private void awaitFollowers(final ShardEvent event)
    {
        if (replication.awaitAcknowledged(event.engineSequence))
        {
            latency.record(Stage.REPLICATION, event.publishedAt, clock.nanoTime());
            return;
        }
        counters.onUnacknowledged();
        event.resultLength = resultWriter.failed(event.commandBuffer(), event.commandLength, event.engineSequence,
            ResultCode.UNAVAILABLE, "not acknowledged by enough followers in time; its outcome is unknown: retry under the same "
                + "idempotency key", event.resultBuffer());
    }

    private void release(final ShardEvent event, final long sequence)
    {
        event.egressAt = clock.nanoTime();
        if (event.journaled)
        {
            try
            {
                journal.appendResult(event.journalIndex, event.egressAt, event.resultBuffer(), 0, event.resultLength);
            }
            catch (final Throwable failure)
            {
                failures.onFailure(Stage.EGRESS, sequence, failure);
            }
            if (replication != null)
            {
                awaitFollowers(event);
            }
        }
        else
        {
            event.resultLength = resultWriter.failed(
                event.commandBuffer(), event.commandLength, 0, ResultCode.INTERNAL_ERROR, "not journaled", event.resultBuffer());
            onJournalLoss.run();
        }
        latency.record(Stage.EGRESS, event.publishedAt, event.egressAt);

        final ResultListener listener = event.listener;
        if (listener != null)
        {
            try
            {
                listener.onResult(event);
            }
            catch (final Throwable failure)
            {
                failures.onFailure(Stage.EGRESS, sequence, failure);
            }
        }
        // A command the journal did not take faults the shard, and what it staged never leaves.
        if (outbox != null && event.journaled && event.resultLength >= RESULT_META_END)
        {
            try
            {
                outbox.release(resultMeta.wrap(event.resultBuffer(), MessageHeaderDecoder.ENCODED_LENGTH).engineSequence(), outboxHandler);
            }
            catch (final Throwable failure)
            {
                failures.onFailure(Stage.EGRESS, sequence, failure);
            }
        }
    }
}
