package io.hotpath.gateway;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.gateway.decision.PaymentDecisionLogic;
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
        {
            final RoutingLogic routing = new RoutingLogic(RoutingLimits.DEFAULTS);
            final FraudLogic fraud = new FraudLogic(VELOCITY_KEYS);
            return new EngineLogic(maxTenants, snapshots, routing, fraud, new PaymentDecisionLogic(routing, fraud));
        };
    }
}
