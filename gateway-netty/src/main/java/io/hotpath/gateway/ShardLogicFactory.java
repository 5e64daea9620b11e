package io.hotpath.gateway;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;

/**
 * Builds the decision logic of one shard.
 */
@FunctionalInterface
public interface ShardLogicFactory
{
    /** Velocity keys (cards, customers, emails, IPs, devices, BINs) one shard remembers. */
    int VELOCITY_KEYS = 16_384;

    ShardLogic create(int shardId, SnapshotSink snapshots);

    /**
     * @return the engine's logic with every domain, holding config for up to {@code maxTenants}
     *         tenants per shard.
     */
    static ShardLogicFactory engine(final int maxTenants)
    {
        return (shardId, snapshots) ->
            new EngineLogic(maxTenants, snapshots, new RoutingLogic(RoutingLimits.DEFAULTS), new FraudLogic(VELOCITY_KEYS));
    }
}
