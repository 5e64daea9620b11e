package io.hotpath.gateway;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;

/**
 * Builds the decision logic of one shard.
 */
@FunctionalInterface
public interface ShardLogicFactory
{
    ShardLogic create(int shardId, SnapshotSink snapshots);

    /**
     * @return the engine's logic, holding config for up to {@code maxTenants} tenants per shard.
     */
    static ShardLogicFactory engine(final int maxTenants)
    {
        return (shardId, snapshots) -> new EngineLogic(maxTenants, snapshots);
    }
}
