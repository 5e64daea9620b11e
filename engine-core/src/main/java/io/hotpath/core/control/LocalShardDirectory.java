package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * The shards running in this process, filled by their controllers as they start and emptied as
 * they stop.
 */
public final class LocalShardDirectory implements ShardDirectory
{
    private final ShardPlacement placement;
    private final AtomicReferenceArray<Shard> shards;
    private final AtomicReferenceArray<String> owners;
    private volatile IntConsumer started = shardId -> { };
    private volatile IntConsumer stopped = shardId -> { };

    public LocalShardDirectory(final ShardPlacement placement, final int shardCount)
    {
        this.placement = placement;
        this.shards = new AtomicReferenceArray<>(shardCount);
        this.owners = new AtomicReferenceArray<>(shardCount);
    }

    @Override
    public Shard shardFor(final long tenantId)
    {
        return shards.get(placement.shardOf(tenantId));
    }

    @Override
    public Shard shard(final int shardId)
    {
        return shardId >= 0 && shardId < shards.length() ? shards.get(shardId) : null;
    }

    @Override
    public int shardIdOf(final long tenantId)
    {
        return placement.shardOf(tenantId);
    }

    @Override
    public int shardCount()
    {
        return shards.length();
    }

    @Override
    public String ownerOf(final int shardId)
    {
        return shardId >= 0 && shardId < owners.length() ? owners.get(shardId) : null;
    }

    /**
     * Records which node's front runs a shard that is not here (null: here, or no node known).
     */
    void owner(final int shardId, final String front)
    {
        owners.set(shardId, front);
    }

    void register(final int shardId, final Shard shard)
    {
        shards.set(shardId, shard);
    }

    /**
     * @param listener told the number of each shard that starts running here (recovered, taking commands), on the
     *                 control plane's thread; it must not block.
     */
    public void onStarted(final IntConsumer listener)
    {
        this.started = listener;
    }

    /**
     * @param listener told the number of each shard that stops running here (drained and closed), on the control plane's
     *                 thread: in a cluster, a shard that moved to another node.
     */
    public void onStopped(final IntConsumer listener)
    {
        this.stopped = listener;
    }

    void started(final int shardId)
    {
        started.accept(shardId);
    }

    void unregister(final int shardId)
    {
        shards.set(shardId, null);
    }

    void stopped(final int shardId)
    {
        stopped.accept(shardId);
    }
}
