package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import org.agrona.concurrent.EpochNanoClock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The control plane of one node of a cluster of replicated shards. Every shard has a leader, which runs it and answers
 * its calls, and up to {@code factor - 1} followers, which hold a hot copy on their own disks; the
 * {@link ReplicaCoordinator}, a cluster singleton, decides who is which, and this node's {@link ReplicaAgent} plays the
 * roles it is given.
 *
 * <pre>
 *   ClusterGuardian
 *     +-- agent (ReplicaAgent)
 *     |     +-- shard-N-epoch-E (ShardController: a shard this node leads)
 *     +-- the coordinator's singleton proxy (the coordinator itself runs on the oldest node)
 * </pre>
 *
 * <p>Control commands reach a shard only on the node that leads it; elsewhere they are refused with the leader's
 * address, as data commands are at the fronts: a command never crosses nodes inside the engine.
 */
final class ClusterGuardian extends AbstractBehavior<EngineGuardian.Command>
{
    private final ActorRef<ReplicaAgent.Command> agent;

    /**
     * @param factor   copies of each shard, its leader's included.
     * @param minNodes members up before the shards are first placed, so that they spread over them from the start.
     */
    static Behavior<EngineGuardian.Command> create(final ReplicaHost host, final LocalShardDirectory directory,
        final EpochNanoClock clock, final ShardTimers timers, final int factor, final int minNodes)
    {
        return Behaviors.setup(context -> new ClusterGuardian(context, host, directory, clock, timers, factor, minNodes));
    }

    private ClusterGuardian(final ActorContext<EngineGuardian.Command> context, final ReplicaHost host,
        final LocalShardDirectory directory, final EpochNanoClock clock, final ShardTimers timers, final int factor,
        final int minNodes)
    {
        super(context);
        // On the blocking dispatcher: fencing and following touch the disk.
        agent = context.spawn(ReplicaAgent.create(host, directory, clock, timers), "agent", DispatcherSelector.blocking());
        ClusterSingleton.get(context.getSystem()).init(SingletonActor.of(
            Behaviors.supervise(ReplicaCoordinator.create(directory.shardCount(), factor, minNodes))
                .onFailure(SupervisorStrategy.restart()),
            "replica-coordinator"));
        this.directory = directory;
    }

    private final LocalShardDirectory directory;

    @Override
    public Receive<EngineGuardian.Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(EngineGuardian.AwaitReady.class, this::onAwaitReady)
            .onMessage(EngineGuardian.TenantControl.class, control -> publish(directory.shardIdOf(control.command().tenantId()),
                control.command(), control.replyTo()))
            .onMessage(EngineGuardian.ShardControl.class, control -> publish(control.shardId(), control.command(), control.replyTo()))
            .onMessage(EngineGuardian.Stop.class, this::onStop)
            .build();
    }

    /**
     * A node is ready once its control plane runs: which shards it leads is the coordinator's choice, made as nodes join.
     */
    private Behavior<EngineGuardian.Command> onAwaitReady(final EngineGuardian.AwaitReady await)
    {
        await.replyTo().tell(new EngineGuardian.Ready(""));
        return this;
    }

    private Behavior<EngineGuardian.Command> publish(final int shardId, final ControlCommand command, final ActorRef<ControlReply> replyTo)
    {
        if (directory.shard(shardId) == null)
        {
            // The front names the leader, from the directory, when it refuses the call.
            replyTo.tell(new ControlReply(Shard.CLOSED, null, 0, 0, "shard " + shardId + " is not led by this node"));
        }
        else
        {
            agent.tell(new ReplicaAgent.Control(shardId, command, replyTo));
        }
        return this;
    }

    /**
     * The shards stop with the node: the engine runs Pekko's coordinated shutdown, which leaves the cluster and stops the
     * actors, each leading shard's controller draining its shard.
     */
    private Behavior<EngineGuardian.Command> onStop(final EngineGuardian.Stop stop)
    {
        stop.replyTo().tell(new EngineGuardian.Stopped());
        return this;
    }
}
