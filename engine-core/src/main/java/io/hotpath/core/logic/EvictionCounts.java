package io.hotpath.core.logic;

/**
 * Where a shard's logic reports how many keys each of its {@link EvictingTable}s holds at most and has given up, so
 * that other threads (a metrics scrape) can read them without touching the logic's state. The two together say how
 * long a key stays: once a table is full, each new key takes an old one's place, so at {@code r} evictions a second a
 * table of {@code capacity} keys forgets a key about {@code capacity / r} seconds after it arrived.
 */
@FunctionalInterface
public interface EvictionCounts
{
    /**
     * @param table     the table.
     * @param evictions keys it has given up since the shard's state began: part of the state, so a restart restores the
     *                  count (from a snapshot and the journal after it) and a metric of it does not start again from zero.
     * @param capacity  keys the table holds at most (its limit setting).
     */
    void evicted(EvictingTable table, long evictions, int capacity);
}
