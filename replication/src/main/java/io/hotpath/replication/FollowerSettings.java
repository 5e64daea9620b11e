package io.hotpath.replication;

import io.hotpath.journal.Durability;
import net.openhft.chronicle.queue.RollCycle;

/**
 * How a follower keeps its copy of a shard: as its leader keeps the original.
 *
 * @param durability    {@code sync}: each batch is msynced before it is acknowledged.
 * @param rollCycle     the journal's roll cycle.
 * @param snapshotsKept snapshot files kept.
 */
public record FollowerSettings(Durability durability, RollCycle rollCycle, int snapshotsKept)
{
}
