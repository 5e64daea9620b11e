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
 *
 * <p>{@link #PHASED_LONG_YIELD} trades CPU for latency at moderate rates. A shard that hears from its
 * publishers at least every {@link #LONG_YIELD_MICROS} µs never blocks, so no command waits for a
 * publisher to wake its thread. On the 2-core host at 2,000 decisions/s over gRPC (2 shards, a load
 * generator in its own process), the engine answered at p50 210–234 µs against 275–285 µs with
 * {@link #PHASED}, and used 1.43 cores against 0.43–0.49. An idle shard still blocks, as with phased.
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
    /**
     * {@link #PHASED} with a yield phase of {@link #LONG_YIELD_MICROS} µs instead of {@link #PHASED_YIELD_MICROS}: no
     * wake-up for a command that comes within it, a core's worth of yielding between commands.
     */
    PHASED_LONG_YIELD,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

    /** The longest a {@link #PHASED} thread blocks before it looks at its ring again. */
    public static final long PHASED_BLOCK_MILLIS = 10;

    /** How long a {@link #PHASED} thread yields before it blocks. */
    public static final long PHASED_YIELD_MICROS = 100;

    /** How long a {@link #PHASED_LONG_YIELD} thread yields before it blocks. */
    public static final long LONG_YIELD_MICROS = 2_000;

    /**
     * @return a new strategy instance; the Disruptor needs one per ring.
     */
    public WaitStrategy newStrategy()
    {
        switch (this)
        {
            case PHASED:
                return phased(PHASED_YIELD_MICROS);
            case PHASED_LONG_YIELD:
                return phased(LONG_YIELD_MICROS);
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

    private static WaitStrategy phased(final long yieldMicros)
    {
        return new PhasedBackoffWaitStrategy(1, yieldMicros, TimeUnit.MICROSECONDS,
            new BoundedBlockingWaitStrategy(PHASED_BLOCK_MILLIS, TimeUnit.MILLISECONDS));
    }
}
