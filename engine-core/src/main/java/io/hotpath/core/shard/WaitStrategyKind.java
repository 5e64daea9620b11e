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
 * <p>{@link #forHost(int)} picks the default: {@link #PARKING} on small hosts, {@link #PHASED} on hosts with cores to
 * spare. Both block until a publisher signals ({@link BoundedBlockingWaitStrategy}), so an idle shard costs no core; they
 * differ in what a thread does first when its ring runs dry.
 *
 * <p>{@link #PARKING} blocks at once. {@link #PHASED} first spins for about 100 µs: the Disruptor's
 * {@code PhasedBackoffWaitStrategy} reads the sequence 10,000 times between looks at the clock and yields once a look,
 * so its "yield" phase is a busy spin with a rare yield. On a host whose every core is shared that spin is taken from
 * the fronts and the other shard after every batch, and it buys nothing the host can measure. On the 2-core host, 2
 * shards, each strategy run four times in turn (a fresh {@code engine serve} each run): at 2,000 decisions/s over gRPC
 * (load generator in its own process), parking answered at p50 165–272 µs, p99 1.8–5.9 ms, with the engine's process
 * at 0.20–0.55 cores (median 0.24), against phased's 192–242 µs, 2.6–3.3 ms and 0.40–0.48 cores; at saturation
 * (h2load Ping, 2 connections of 32 streams) parking answered 126,681–144,707 calls/s against phased's
 * 107,448–146,175, with 6% less of the host's CPU. A short spin first (200 {@code onSpinWait}s) was no better than
 * parking at once at 2,000/s and answered fewer pings (114,864–122,912/s).
 *
 * <p>Earlier measurements of {@link #PHASED}: an idle engine used 5% of a core with it and 41% with {@link #SLEEPING},
 * whose parks of 100 ns last the kernel's timer slack (about 60 µs) and wake each thread thousands of times a second.
 * {@link #BUSY_SPIN} and {@link #YIELDING} keep a core each busy and are for hosts with dedicated, isolated cores.
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
     * Blocks as soon as its ring is empty, until a publisher signals ({@link BoundedBlockingWaitStrategy}, looking at the
     * ring again at least every {@link #PARK_BOUND_MILLIS}): no spin, no yield, nothing taken from the other threads.
     */
    PARKING,
    /**
     * Spins for about {@link #PHASED_YIELD_MICROS} µs (yielding once every 10,000 reads of the sequence), then blocks until a
     * publisher signals ({@link BoundedBlockingWaitStrategy}:
     * the publisher signals only when a consumer is blocked, and the consumer looks at its ring again at least every
     * {@link #PARK_BOUND_MILLIS}). Its spin returns as soon as the cursor passes a slot, claimed or published, so a thread
     * spins through a publisher's claim, preempted or not, where {@link #PARKING} parks after a few spins: spinning is
     * what hosts with cores to spare pick it for.
     */
    PHASED,
    /**
     * {@link #PHASED} spinning and yielding for {@link #LONG_YIELD_MICROS} µs instead of {@link #PHASED_YIELD_MICROS}: no
     * wake-up for a command that comes within it, a core's worth of spinning between commands.
     */
    PHASED_LONG_YIELD,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

    /** Below this many cores, a shard's threads park as soon as their ring is empty ({@link #forHost}). */
    public static final int SPIN_FROM_CORES = ShardThreading.DEDICATED_FROM_CORES;

    /** The longest a {@link #PARKING} or {@link #PHASED} thread blocks before it looks at its ring again. */
    public static final long PARK_BOUND_MILLIS = 10;

    /** How long a {@link #PHASED} thread spins and yields before it blocks. */
    public static final long PHASED_YIELD_MICROS = 100;

    /** How long a {@link #PHASED_LONG_YIELD} thread yields before it blocks. */
    public static final long LONG_YIELD_MICROS = 2_000;

    /**
     * @return {@link #PARKING} on a host with fewer than {@link #SPIN_FROM_CORES} cores, where a thread spinning after
     *         every batch takes the core a front or another shard needs; {@link #PHASED} otherwise.
     */
    public static WaitStrategyKind forHost(final int cores)
    {
        return cores < SPIN_FROM_CORES ? PARKING : PHASED;
    }

    /**
     * @return a new strategy instance; the Disruptor needs one per ring.
     */
    public WaitStrategy newStrategy()
    {
        switch (this)
        {
            case PARKING:
                return parking();
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
        return new PhasedBackoffWaitStrategy(1, yieldMicros, TimeUnit.MICROSECONDS, parking());
    }

    private static WaitStrategy parking()
    {
        return new BoundedBlockingWaitStrategy(PARK_BOUND_MILLIS, TimeUnit.MILLISECONDS);
    }
}
