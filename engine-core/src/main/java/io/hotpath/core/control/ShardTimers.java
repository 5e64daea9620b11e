package io.hotpath.core.control;

import java.time.Duration;

/**
 * What each shard's controller publishes on a timer.
 *
 * @param tickInterval     how often a {@code Tick}, so time-driven changes happen at a journaled point; zero for never.
 * @param snapshotInterval how often a {@code TakeSnapshot}, so a restart replays at most this much journal; zero for never.
 */
public record ShardTimers(Duration tickInterval, Duration snapshotInterval)
{
    /** No timers. */
    public static final ShardTimers NONE = new ShardTimers(Duration.ZERO, Duration.ZERO);

    public ShardTimers
    {
        if (tickInterval.isNegative() || snapshotInterval.isNegative())
        {
            throw new IllegalArgumentException("timer intervals must not be negative");
        }
    }

    /**
     * When shard {@code shardId}'s first snapshot is due: one interval, plus its share of an
     * interval, so the shards take theirs in turn rather than all at once. A snapshot holds its
     * shard's logic thread while the state is hashed and encoded; taken together, the shards
     * would also contend for the same cores then, and every shard's commands would wait at once.
     */
    public Duration firstSnapshotDelay(final int shardId, final int shardCount)
    {
        return snapshotInterval.plus(snapshotInterval.multipliedBy(shardId).dividedBy(shardCount));
    }
}
