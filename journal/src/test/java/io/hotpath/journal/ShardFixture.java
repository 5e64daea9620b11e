package io.hotpath.journal;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardJournal;
import java.nio.file.Path;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * Builds real shards on a real Chronicle journal for tests.
 */
final class ShardFixture
{
    static final int MAX_TENANTS = 64;

    private ShardFixture()
    {
    }

    static EngineLogic freshLogic(final Path shardDir)
    {
        return new EngineLogic(MAX_TENANTS, new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir)));
    }

    static Shard start(final Path shardDir, final ShardContext context, final ShardLogic logic, final Durability durability)
    {
        return new Shard(context, ChronicleJournal.open(shardDir, durability), logic, new OffsetEpochNanoClock()).start();
    }

    static Shard start(final Path shardDir, final ShardJournal journal)
    {
        return new Shard(ShardContext.defaults(0), journal, freshLogic(shardDir), new OffsetEpochNanoClock()).start();
    }

    static Shard start(final Path shardDir)
    {
        return start(shardDir, ShardContext.defaults(0), freshLogic(shardDir), Durability.MAPPED);
    }
}
