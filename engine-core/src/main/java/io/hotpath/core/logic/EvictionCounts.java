package io.hotpath.core.logic;

/**
 * Where a shard's logic reports how many keys each of its {@link EvictingTable}s has given up, so
 * that other threads (a metrics scrape) can read them without touching the logic's state.
 */
@FunctionalInterface
public interface EvictionCounts
{
    /**
     * @param table     the table.
     * @param evictions keys it has given up since the shard's state began: part of the state, so a restart restores the
     *                  count (from a snapshot and the journal after it) and a metric of it does not start again from zero.
     */
    void evicted(EvictingTable table, long evictions);
}
