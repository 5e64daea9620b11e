package io.hotpath.core.shard;

import com.lmax.disruptor.EventHandler;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EvictionCounts;
import io.hotpath.core.logic.ShardLogic;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Runs the decision logic on each command, in ring order, on the shard's one logic thread: the
 * only thread that touches the shard's state.
 */
final class DecisionHandler implements EventHandler<ShardEvent>, DecisionStage.FailureObserver
{
    private final DecisionStage stage;
    private final ShardLogic logic;
    private final EvictionCounts evictions;
    private final EpochNanoClock clock;
    private final StageLatency latency;
    private final StageFailures failures;
    private long currentSequence;

    DecisionHandler(
        final ShardLogic logic,
        final long engineSequence,
        final EpochNanoClock clock,
        final StageLatency latency,
        final StageFailures failures,
        final EvictionCounts evictions)
    {
        this.stage = new DecisionStage(logic, this, engineSequence);
        this.logic = logic;
        this.evictions = evictions;
        // The counts a recovered logic restored, before the logic thread starts: a scrape before the first batch must not
        // read a counter that went back to zero.
        logic.countEvictions(evictions);
        this.clock = clock;
        this.latency = latency;
        this.failures = failures;
    }

    @Override
    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.commandLength > 0)
        {
            currentSequence = sequence;
            event.resultLength = stage.decide(event.commandBuffer(), event.commandLength, event.resultBuffer());
            event.engineSequence = stage.engineSequence();
            event.decidedAt = clock.nanoTime();
            latency.record(Stage.DECISION, event.publishedAt, event.decidedAt);
        }
        if (endOfBatch)
        {
            logic.countEvictions(evictions);
        }
    }

    @Override
    public void onFailure(final long engineSequence, final Throwable failure)
    {
        failures.onFailure(Stage.DECISION, currentSequence, failure);
    }

    DecisionStage stage()
    {
        return stage;
    }
}
