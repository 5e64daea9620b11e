package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import java.util.List;

/**
 * What a cluster node does with the roles its {@link ReplicaAgent} is given: follow a shard, lead it, or neither. The
 * engine implements it with its journals and the replication transport. Methods that touch the disk may block briefly;
 * the agent calls them on the blocking dispatcher.
 */
public interface ReplicaHost
{
    /**
     * @return this node's {@code host:port} for replication, announced to the others in a cluster role.
     */
    String replicationAddress();

    /**
     * @return what this node holds of the shard: {@code {epoch of the last command, engine sequence of the last command}}.
     */
    long[] holding(int shardId);

    /**
     * From now on this node accepts nothing of the shard from an epoch older than {@code epoch}; returns once nothing
     * older is being taken.
     */
    void fence(int shardId, long epoch);

    /**
     * Follows the shard in {@code epoch} (starting a follower if none runs here); the leader connects to it.
     */
    void follow(int shardId, long epoch);

    /**
     * Stops following the shard, if this node does; the copy stays on disk.
     */
    void unfollow(int shardId);

    /**
     * Builds the shard this node now leads in {@code epoch}, not yet started: from its follower's hot logic when it
     * followed the shard, from its own snapshots and journal otherwise.
     *
     * @param followers the followers' replication addresses.
     */
    Shard lead(int shardId, long epoch, List<String> followers);

    /**
     * Replicates the shard this node leads to exactly these followers.
     */
    void followers(int shardId, List<String> followers);
}
