package io.hotpath.core.control;

/**
 * How each shard's replication stands on this node, for metrics and health. Read from any thread.
 */
public interface ReplicaStatus
{
    /** The node neither leads nor follows the shard. */
    int NONE = 0;
    /** The node follows the shard. */
    int FOLLOWER = 1;
    /** The node leads the shard. */
    int LEADER = 2;

    /**
     * @return {@link #NONE}, {@link #FOLLOWER} or {@link #LEADER}.
     */
    int role(int shardId);

    /**
     * @return the epoch this node leads or follows the shard in; the newest it accepted otherwise.
     */
    long epoch(int shardId);

    /**
     * @return as its leader: commands handed to the followers that the slowest has yet to acknowledge; as a follower: 0.
     */
    long followerLagCommands(int shardId);

    /**
     * @return as a follower: nanoseconds between the ingress of the last command it applied and now, while commands flow
     *         (0 before any); as a leader: 0.
     */
    long followerLagNanos(int shardId);

    /**
     * @return as a leader: followers that follow the live stream.
     */
    int liveFollowers(int shardId);

    /**
     * @return times this node's copy of the shard started afresh from its leader (a snapshot installed, a diverged or
     *         mismatched copy set aside), since the process started.
     */
    long bootstraps(int shardId);

    /**
     * @return results this node's copy computed that differed from its leader's, since the process started.
     */
    long mismatches(int shardId);

    /**
     * @return as a leader under the degrade policy: results released on its own copy alone.
     */
    long degraded(int shardId);
}
