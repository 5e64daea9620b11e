package io.hotpath.server;

import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.IdempotencyLimits;
import io.hotpath.core.logic.Outbox;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.logic.SnapshotCommandWarmUp;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.state.SnapshotWarmUp;
import io.hotpath.decision.PaymentDecisionLogic;
import io.hotpath.fraud.FraudLimits;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.pricing.PricingLimits;
import io.hotpath.pricing.PricingLogic;
import io.hotpath.pricing.state.QuoteBook;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;
import java.util.function.UnaryOperator;

/**
 * Builds the decision logic of one shard.
 */
@FunctionalInterface
public interface ShardLogicFactory
{
    /**
     * @param outbox where the logic stages what its commands cause beyond their results (price stream updates).
     */
    ShardLogic create(int shardId, SnapshotSink snapshots, Outbox outbox);

    /**
     * Runs the code the engine's snapshots run over large state (hashing and encoding slot tables and the quote book) on
     * small state of its own until the JIT has compiled it, and takes snapshots of scratch logic until the logic's compiled
     * dispatch has seen one ({@link SnapshotCommandWarmUp}), so that a shard's first snapshot after a start does not run
     * interpreted, or as the first tier compiled it, while every command behind it waits. Touches no shard's state; call it
     * off the logic threads before the first snapshot is due (the engine runs it three times, see {@code Engine}).
     *
     * @return a value of the work done, so that none of it can be left out.
     */
    static long warmSnapshotCode()
    {
        return SnapshotWarmUp.run() + QuoteBook.warmSnapshotCode() + SnapshotCommandWarmUp.run();
    }

    /**
     * @return logic whose staged messages go nowhere, as a replay wants.
     */
    default ShardLogic create(final int shardId, final SnapshotSink snapshots)
    {
        return create(shardId, snapshots, Outbox.DISCARD);
    }

    /**
     * @return the engine's logic with every domain, holding config for up to {@code maxTenants}
     *         tenants per shard.
     */
    static ShardLogicFactory engine(final int maxTenants)
    {
        return engine(maxTenants, PricingLimits.DEFAULTS);
    }

    /**
     * @return the engine's logic with every domain, these pricing limits and the default idempotency limits.
     */
    static ShardLogicFactory engine(final int maxTenants, final PricingLimits pricingLimits)
    {
        return engine(maxTenants, pricingLimits, IdempotencyLimits.DEFAULTS);
    }

    /**
     * @return the engine's logic with every domain, these limits and the default fraud limits.
     */
    static ShardLogicFactory engine(final int maxTenants, final PricingLimits pricingLimits, final IdempotencyLimits idempotency)
    {
        return engine(maxTenants, pricingLimits, idempotency, FraudLimits.DEFAULTS, UnaryOperator.identity());
    }

    /**
     * @return the engine's logic with every domain and the limits the settings name; a replay must
     *         use the settings the shard ran with, since a limit reached is an answer.
     */
    static ShardLogicFactory engine(final EngineSettings settings)
    {
        return engine(settings.maxTenants(), settings.pricingLimits(), settings.idempotencyLimits(), settings.fraudLimits(),
            UnaryOperator.identity());
    }

    /**
     * @param configSeam wraps the routing, fraud and pricing logic as the engine logic sees them, to
     *                   change the configs they are given (a what-if replay); commands still reach
     *                   the domains themselves.
     * @return the engine's logic with every domain and these limits; a replay must use the limits
     *         the shard ran with, since a limit reached is an answer.
     */
    static ShardLogicFactory engine(final int maxTenants, final PricingLimits pricingLimits, final IdempotencyLimits idempotency,
        final FraudLimits fraudLimits, final UnaryOperator<DomainLogic> configSeam)
    {
        return (shardId, snapshots, outbox) ->
        {
            final RoutingLogic routing = new RoutingLogic(RoutingLimits.DEFAULTS);
            final FraudLogic fraud = new FraudLogic(fraudLimits);
            final PricingLogic pricing = new PricingLogic(pricingLimits, outbox);
            return new EngineLogic(maxTenants, idempotency, snapshots, configSeam.apply(routing), configSeam.apply(fraud),
                new PaymentDecisionLogic(routing, fraud), configSeam.apply(pricing));
        };
    }
}
