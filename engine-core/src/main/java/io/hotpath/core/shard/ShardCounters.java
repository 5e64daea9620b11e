package io.hotpath.core.shard;

import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.logic.EvictionCounts;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rejections at ingress, failures by stage, and the keys the logic's tables evicted. Read from any thread.
 */
public final class ShardCounters implements EvictionCounts
{
    private final LongAdder rejectedRingFull = new LongAdder();
    private final LongAdder rejectedClosed = new LongAdder();
    private final LongAdder rejectedUnreplicated = new LongAdder();
    private final LongAdder unacknowledged = new LongAdder();
    private final AtomicLongArray failures = new AtomicLongArray(Stage.values().length);
    /** Written by the logic thread alone, each with an ordered store (no fence): a reader sees a recent total. */
    private final AtomicLongArray evictions = new AtomicLongArray(EvictingTable.values().length);
    /** Written as {@link #evictions} is; 0 for a table the logic does not have. */
    private final AtomicIntegerArray capacities = new AtomicIntegerArray(EvictingTable.values().length);

    void onRingFull()
    {
        rejectedRingFull.increment();
    }

    void onClosed()
    {
        rejectedClosed.increment();
    }

    void onUnreplicated()
    {
        rejectedUnreplicated.increment();
    }

    void onUnacknowledged()
    {
        unacknowledged.increment();
    }

    /**
     * @return commands refused at intake because too few followers answered (a replicated shard refusing, by policy).
     */
    public long rejectedUnreplicated()
    {
        return rejectedUnreplicated.sum();
    }

    /**
     * @return commands applied and journaled here whose followers did not acknowledge them in time: answered
     *         {@code UNAVAILABLE}, their outcome unknown to the caller.
     */
    public long unacknowledged()
    {
        return unacknowledged.sum();
    }

    void onFailure(final Stage stage)
    {
        failures.incrementAndGet(stage.ordinal());
    }

    /**
     * @return commands refused because the ring was full.
     */
    public long rejectedRingFull()
    {
        return rejectedRingFull.sum();
    }

    /**
     * @return commands refused because the shard was closing, closed or faulted.
     */
    public long rejectedClosed()
    {
        return rejectedClosed.sum();
    }

    /**
     * @return commands whose handling failed in {@code stage}: each got an internal error.
     */
    public long failures(final Stage stage)
    {
        return failures.get(stage.ordinal());
    }

    @Override
    public void evicted(final EvictingTable table, final long total, final int capacity)
    {
        evictions.lazySet(table.ordinal(), total);
        capacities.lazySet(table.ordinal(), capacity);
    }

    /**
     * @return keys {@code table} has given up to take new ones, as the logic last reported (at the end of a batch).
     */
    public long evictions(final EvictingTable table)
    {
        return evictions.get(table.ordinal());
    }

    /**
     * @return keys {@code table} holds at most, as the logic last reported; 0 if this shard's logic has no such table.
     */
    public int capacity(final EvictingTable table)
    {
        return capacities.get(table.ordinal());
    }
}
