package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;

/**
 * Where ingress finds the shard for a tenant: the one seam between the fronts and shard placement.
 * Locally it is an array of running shards; in a cluster it holds the shards this node leads, and names the leader of the others.
 *
 * <p>Thread-safe: read by every front thread, written by the control plane.
 */
public interface ShardDirectory
{
    /**
     * @return the running shard that owns {@code tenantId}, or null if it is not running here.
     */
    Shard shardFor(long tenantId);

    /**
     * @return the shard numbered {@code shardId}, or null if it is not running here.
     */
    Shard shard(int shardId);

    /**
     * @return the shard number that owns {@code tenantId}.
     */
    int shardIdOf(long tenantId);

    int shardCount();

    /**
     * @return in a cluster, the address ({@code host:port}) of the gRPC front of the node that runs the shard numbered
     *         {@code shardId} when it does not run here; null if it runs here, is not running anywhere yet, or there is
     *         no cluster.
     */
    default String ownerOf(final int shardId)
    {
        return null;
    }
}
