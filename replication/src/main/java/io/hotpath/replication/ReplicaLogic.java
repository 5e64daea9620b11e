package io.hotpath.replication;

import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.ShardRecovery;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

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

    /**
     * The logic as recovered from a copy's snapshots and journal, with the outbox it stages into (muted).
     */
    record Recovered(Built built, long engineSequence)
    {
    }

    /**
     * Recovers a replica's logic from {@code shardDir} as a single engine would ({@link ShardRecovery}), keeping the outbox
     * of the logic recovery settled on; every outbox built on the way is muted, since a replay must not send.
     */
    static Recovered recover(final Path shardDir, final ReplicaLogic source, final SnapshotSink sink, final FileSnapshotStore store)
    {
        final Map<ShardLogic, Built> builds = new IdentityHashMap<>();
        final ShardRecovery.Recovery recovery = ShardRecovery.recover(shardDir, () ->
        {
            final Built candidate = source.build(sink);
            candidate.outbox().mute(true);
            builds.put(candidate.logic(), candidate);
            return candidate.logic();
        }, store);
        return new Recovered(builds.get(recovery.logic()), recovery.engineSequence());
    }
}
