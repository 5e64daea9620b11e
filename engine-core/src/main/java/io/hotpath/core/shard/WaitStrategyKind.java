package io.hotpath.core.shard;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * How a shard's handler threads wait for work.
 *
 * <p>{@link #PHASED} is the default: it spins for a microsecond, yields for up to 100, then blocks
 * until a publisher signals, so an idle shard costs no core and a busy one never blocks. On the
 * 2-core host, with 2 shards: an idle engine used 5% of a core with it and 41% with
 * {@link #SLEEPING}, whose parks of 100 ns last the kernel's timer slack (about 60 µs) and wake each
 * thread thousands of times a second; at 2,000 decisions/s the engine used 57-68% of a core against
 * 112%, and answered at p90 0.5-0.7 ms against 1.3 ms. At saturation the two decide as many
 * (DecisionShardBenchmark, shared thread: 174k/s each). {@link #BUSY_SPIN} and {@link #YIELDING}
 * keep a core each busy and are for hosts with dedicated, isolated cores.
 */
public enum WaitStrategyKind
{
    /** Spins, yields, then parks for 100 ns at a time: no signal to miss, a wake-up every timer tick. */
    SLEEPING,
    /**
     * Spins for a microsecond, yields for up to 100, then blocks until a publisher signals ({@link BoundedBlockingWaitStrategy}:
     * the publisher signals only when a consumer is blocked, and the consumer looks at its ring again at least every
     * {@link #PHASED_BLOCK_MILLIS}).
     */
    PHASED,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

    /** The longest a {@link #PHASED} thread blocks before it looks at its ring again. */
    public static final long PHASED_BLOCK_MILLIS = 10;

    /**
     * @return a new strategy instance; the Disruptor needs one per ring.
     */
    public WaitStrategy newStrategy()
    {
        switch (this)
        {
            case PHASED:
                return new PhasedBackoffWaitStrategy(1, 100, TimeUnit.MICROSECONDS,
                    new BoundedBlockingWaitStrategy(PHASED_BLOCK_MILLIS, TimeUnit.MILLISECONDS));
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case SLEEPING:
            default:
                return new SleepingWaitStrategy();
        }
    }
}
