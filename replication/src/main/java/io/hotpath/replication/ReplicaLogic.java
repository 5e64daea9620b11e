package io.hotpath.replication;

import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.shard.ShardOutbox;

/**
 * Builds a replica's decision logic: the same logic, with the same limits, as the shard's leader runs.
 */
@FunctionalInterface
public interface ReplicaLogic
{
    /**
     * Logic and the outbox it stages into; the outbox is muted while the replica follows, and speaks once it leads.
     */
    record Built(ShardLogic logic, ShardOutbox outbox)
    {
    }

    Built build(SnapshotSink snapshots);
}
