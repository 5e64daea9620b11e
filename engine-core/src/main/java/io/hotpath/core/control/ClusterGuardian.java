package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.EpochNanoClock;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The control plane of one node of a cluster. Pekko Cluster Sharding places the engine's shards on the
 * nodes: each engine shard is one sharded entity, its {@link ShardController}, in a Pekko shard of its
 * own, so the coordinator moves engine shards whole. A node runs the shards it is given; when its node
 * leaves, a shard stops (drains, closes its journal, lets go of its ownership) before it starts on
 * another node, and when its node dies, it starts on another once the split-brain resolver has downed
 * the dead one. Starting means recovering from the shard's latest snapshot and journal tail, which the
 * nodes share.
 *
 * <p>Every {@code wakeInterval} the guardian sends every shard a {@link ShardController.Wake} (a shard
 * without a node starts at the next one: no remembered entities needed, since every shard is always
 * wanted) and asks Cluster Sharding where each shard runs, so that a front can name the node that owns a
 * tenant ({@link LocalShardDirectory#ownerOf}). Each node carries its front's address in a role,
 * {@link EngineGuardian#FRONT_ROLE}.
 *
 * <p>Control commands reach a shard only on the node that runs it; elsewhere they are refused with the
 * owner's address, as data commands are at the fronts: a command never crosses nodes inside the engine.
 */
final class ClusterGuardian extends AbstractBehavior<EngineGuardian.Command>
{
    /** The sharded entities: one per engine shard, named by its number. */
    static final EntityTypeKey<ShardController.Command> SHARDS = EntityTypeKey.create(ShardController.Command.class, "engine-shard");

    private final LocalShardDirectory directory;
    private final ActorRef<ShardingEnvelope<ShardController.Command>> region;
    private final ActorRef<ShardRegion.ClusterShardingStats> stats;
    private final Duration wakeInterval;
    private final int minNodes;
    private boolean placing;

    /**
     * @param minNodes members up before this node first wakes the shards, so that they spread over the cluster from the
     *                 start; once woken they are woken whatever the count (a node may die).
     */
    static Behavior<EngineGuardian.Command> create(final ShardFactory factory, final LocalShardDirectory directory,
        final EpochNanoClock clock, final ShardTimers timers, final Duration wakeInterval, final int minNodes)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(scheduler ->
        {
            scheduler.startTimerWithFixedDelay(EngineGuardian.ClusterTick.INSTANCE, Duration.ZERO, wakeInterval);
            return new ClusterGuardian(context, factory, directory, clock, timers, wakeInterval, minNodes);
        }));
    }

    private ClusterGuardian(final ActorContext<EngineGuardian.Command> context, final ShardFactory factory,
        final LocalShardDirectory directory, final EpochNanoClock clock, final ShardTimers timers, final Duration wakeInterval,
        final int minNodes)
    {
        super(context);
        this.directory = directory;
        this.wakeInterval = wakeInterval;
        this.minNodes = minNodes;
        final AtomicLong correlationIds = new AtomicLong();
        region = ClusterSharding.get(context.getSystem()).init(
            Entity.of(SHARDS, entity -> ShardController.create(
                    Integer.parseInt(entity.getEntityId()), factory, directory, clock, correlationIds, timers, () -> { }))
                .withStopMessage(ShardController.StopShard.INSTANCE)
                .withEntityProps(DispatcherSelector.blocking())
                .withMessageExtractor(new OneShardEach(directory.shardCount())));
        stats = context.messageAdapter(ShardRegion.ClusterShardingStats.class, EngineGuardian.ClusterStats::new);
    }

    @Override
    public Receive<EngineGuardian.Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(EngineGuardian.AwaitReady.class, this::onAwaitReady)
            .onMessage(EngineGuardian.ClusterTick.class, tick -> onTick())
            .onMessage(EngineGuardian.ClusterStats.class, this::onStats)
            .onMessage(EngineGuardian.TenantControl.class,
                control -> publish(directory.shardIdOf(control.command().tenantId()), control.command(), control.replyTo()))
            .onMessage(EngineGuardian.ShardControl.class, control -> publish(control.shardId(), control.command(), control.replyTo()))
            .onMessage(EngineGuardian.Stop.class, this::onStop)
            .build();
    }

    /**
     * A node is ready once its control plane runs: which shards it gets is Cluster Sharding's choice, made as nodes join.
     */
    private Behavior<EngineGuardian.Command> onAwaitReady(final EngineGuardian.AwaitReady await)
    {
        await.replyTo().tell(new EngineGuardian.Ready(""));
        return this;
    }

    private Behavior<EngineGuardian.Command> onTick()
    {
        if (!placing)
        {
            int up = 0;
            for (final Member member : Cluster.get(getContext().getSystem()).state().getMembers())
            {
                up += member.status() == MemberStatus.up() ? 1 : 0;
            }
            placing = up >= minNodes;
        }
        for (int shardId = 0; placing && shardId < directory.shardCount(); shardId++)
        {
            region.tell(new ShardingEnvelope<>(Integer.toString(shardId), ShardController.Wake.INSTANCE));
        }
        ClusterSharding.get(getContext().getSystem()).shardState().tell(new GetClusterShardingStats(SHARDS, wakeInterval, stats));
        return this;
    }

    private Behavior<EngineGuardian.Command> onStats(final EngineGuardian.ClusterStats answer)
    {
        final Map<Address, String> fronts = new HashMap<>();
        for (final Member member : Cluster.get(getContext().getSystem()).state().getMembers())
        {
            for (final String role : member.getRoles())
            {
                if (role.startsWith(EngineGuardian.FRONT_ROLE))
                {
                    fronts.put(member.address(), role.substring(EngineGuardian.FRONT_ROLE.length()));
                }
            }
        }
        final String[] owners = new String[directory.shardCount()];
        answer.stats().getRegions().forEach((address, regionStats) ->
        {
            for (final String shard : regionStats.getStats().keySet())
            {
                final int shardId = Integer.parseInt(shard);
                if (shardId >= 0 && shardId < owners.length)
                {
                    owners[shardId] = fronts.get(address);
                }
            }
        });
        for (int shardId = 0; shardId < owners.length; shardId++)
        {
            directory.owner(shardId, directory.shard(shardId) != null ? null : owners[shardId]);
        }
        return this;
    }

    private Behavior<EngineGuardian.Command> publish(final int shardId, final ControlCommand command, final ActorRef<ControlReply> replyTo)
    {
        if (directory.shard(shardId) == null)
        {
            // The front names the owner, from the directory, when it refuses the call.
            replyTo.tell(new ControlReply(Shard.CLOSED, null, 0, 0, "shard " + shardId + " is not running on this node"));
        }
        else
        {
            // The shard runs here: the region delivers locally, nothing is serialized.
            region.tell(new ShardingEnvelope<>(Integer.toString(shardId), new ShardController.Publish(command, replyTo, 0)));
        }
        return this;
    }

    /**
     * The shards stop with the node: the engine runs Pekko's coordinated shutdown, which hands them off and leaves the cluster.
     */
    private Behavior<EngineGuardian.Command> onStop(final EngineGuardian.Stop stop)
    {
        stop.replyTo().tell(new EngineGuardian.Stopped());
        return this;
    }

    /**
     * Engine shard {@code N} is entity {@code "N"} in Pekko shard {@code "N"}: one entity a Pekko shard, so a rebalance or a
     * handoff moves exactly one engine shard.
     */
    private static final class OneShardEach
        extends ShardingMessageExtractor<ShardingEnvelope<ShardController.Command>, ShardController.Command>
    {
        private final int shards;

        OneShardEach(final int shards)
        {
            this.shards = shards;
        }

        @Override
        public String entityId(final ShardingEnvelope<ShardController.Command> envelope)
        {
            return envelope.entityId();
        }

        @Override
        public String shardId(final String entityId)
        {
            final int shardId = Integer.parseInt(entityId);
            if (shardId < 0 || shardId >= shards)
            {
                throw new IllegalArgumentException("no engine shard " + entityId);
            }
            return entityId;
        }

        @Override
        public ShardController.Command unwrapMessage(final ShardingEnvelope<ShardController.Command> envelope)
        {
            return envelope.message();
        }
    }
}
