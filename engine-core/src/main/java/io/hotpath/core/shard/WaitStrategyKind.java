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
 * <p>{@link #SLEEPING} is the default: it spins briefly, yields, then parks, so a shard's three
 * threads share a 2-core host with the network threads. {@link #BUSY_SPIN} and {@link #YIELDING}
 * keep a core each busy and are for hosts with dedicated, isolated cores.
 */
public enum WaitStrategyKind
{
    SLEEPING,
    /** Spins for a microsecond, yields for up to 100, then blocks until a publisher signals. */
    PHASED,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

    /**
     * @return a new strategy instance; the Disruptor needs one per ring.
     */
    public WaitStrategy newStrategy()
    {
        switch (this)
        {
            case PHASED:
                return PhasedBackoffWaitStrategy.withLiteLock(1, 100, TimeUnit.MICROSECONDS);
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
