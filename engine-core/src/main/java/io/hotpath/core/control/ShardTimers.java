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
}
