package io.hotpath.core.shard;

/**
 * How many threads a shard runs its stages on.
 *
 * <p>{@link #DEDICATED}: a thread per stage (journal, logic, egress; a replicator too when the shard leads followers).
 * The journal and the logic work on a command in parallel, so a shard's throughput is bound by its slowest stage, at
 * the price of three busy threads and a hand-off per command between them: the layout for hosts with cores to spare.
 *
 * <p>{@link #SHARED}: one thread takes each batch the ring gives it through every stage in turn. It journals and
 * decides each command as it comes, commits the journal at the end of the batch, then releases every result of the
 * batch, so no result leaves before its command is journaled, as with dedicated threads. There is no hand-off between
 * stages and one thread to wake instead of three: the layout for small hosts, where the fronts need the cores. A shard
 * that leads followers runs dedicated threads whatever this says, because its egress waits for their acknowledgements.
 *
 * <p>{@link #forHost(int)} picks one from the host's cores.
 */
public enum ShardThreading
{
    DEDICATED,
    SHARED;

    /** Below this many cores, a shard shares one thread between its stages. */
    public static final int DEDICATED_FROM_CORES = 8;

    /**
     * @return {@link #SHARED} on a host with fewer than {@link #DEDICATED_FROM_CORES} cores, where three busy threads per
     *         shard would take the cores the fronts and the other shards need; {@link #DEDICATED} otherwise.
     */
    public static ShardThreading forHost(final int cores)
    {
        return cores < DEDICATED_FROM_CORES ? SHARED : DEDICATED;
    }
}
