package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.EpochNanoClock;
import org.apache.pekko.actor.ActorInitializationException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The root of the control plane: starts one {@link ShardController} per shard, routes control
 * commands to the shard that owns them, and stops every shard, drained, on {@link Stop}.
 *
 * <pre>
 *   EngineGuardian
 *     +-- shard-0  (ShardController: Shard, its journal and logic)
 *     +-- shard-1
 *     ...
 * </pre>
 *
 * <p>Control commands enter the ring like any other command, so they are journaled and a replay
 * applies each one at the same point of the command stream.
 */
public final class EngineGuardian extends AbstractBehavior<EngineGuardian.Command>
{
    /** Messages the guardian understands. */
    public sealed interface Command
    {
    }

    /**
     * Answers {@code replyTo} once every shard runs, or as soon as one failed to start.
     */
    public record AwaitReady(ActorRef<Ready> replyTo) implements Command
    {
    }

    /**
     * @param failure why a shard did not start, or empty when all run.
     */
    public record Ready(String failure)
    {
        public boolean ok()
        {
            return failure.isEmpty();
        }
    }

    /**
     * Publish a tenant's control command into the ring of the shard that owns the tenant.
     */
    public record TenantControl(ControlCommand command, ActorRef<ControlReply> replyTo) implements Command
    {
    }

    /**
     * Publish a control command into one shard's ring.
     */
    public record ShardControl(int shardId, ControlCommand command, ActorRef<ControlReply> replyTo) implements Command
    {
    }

    /**
     * Drain and stop every shard, close their journals, then stop the guardian.
     */
    public record Stop(ActorRef<Stopped> replyTo) implements Command
    {
    }

    /** Every shard is drained and closed. */
    public record Stopped()
    {
    }

    record ShardStarted(int shardId) implements Command
    {
    }

    /**
     * Prefix of the cluster role that carries a node's gRPC front, {@code grpc=host:port}: how the other nodes name the
     * owner of a shard to a client.
     */
    public static final String FRONT_ROLE = "grpc=";

    /**
     * Prefix of the cluster role that carries a node's replication address, {@code repl=host:port}: where a shard's leader
     * connects to this node when it follows the shard.
     */
    public static final String REPLICATION_ROLE = "repl=";

    private final LocalShardDirectory directory;
    private final List<ActorRef<ShardController.Command>> controllers = new ArrayList<>();
    private final Set<ActorRef<ShardController.Command>> live = new HashSet<>();
    private final List<ActorRef<Ready>> readyWaiters = new ArrayList<>();
    private final List<ActorRef<Stopped>> stopWaiters = new ArrayList<>();
    private int started;
    private boolean stopping;
    private String startFailure = "";

    /**
     * @param factory   builds each shard.
     * @param directory filled as shards start, so the fronts can reach them.
     * @param clock     stamps the ingress time of control commands.
     */
    public static Behavior<Command> create(final ShardFactory factory, final LocalShardDirectory directory, final EpochNanoClock clock)
    {
        return create(factory, directory, clock, ShardTimers.NONE);
    }

    /**
     * @return the control plane of one node of a cluster of replicated shards; see {@link ClusterGuardian}.
     * @param host     plays this node's roles: follows shards, leads them.
     * @param factor   copies of each shard, its leader's included.
     * @param minNodes members up before the shards are first placed, so that they spread over them from the start.
     */
    public static Behavior<Command> createClustered(final ReplicaHost host, final LocalShardDirectory directory,
        final EpochNanoClock clock, final ShardTimers timers, final int factor, final int minNodes)
    {
        return ClusterGuardian.create(host, directory, clock, timers, factor, minNodes);
    }

    /**
     * @param timers what each shard's controller publishes on a timer.
     */
    public static Behavior<Command> create(
        final ShardFactory factory, final LocalShardDirectory directory, final EpochNanoClock clock, final ShardTimers timers)
    {
        return Behaviors.setup(context -> new EngineGuardian(context, factory, directory, clock, timers));
    }

    private EngineGuardian(
        final ActorContext<Command> context,
        final ShardFactory factory,
        final LocalShardDirectory directory,
        final EpochNanoClock clock,
        final ShardTimers timers)
    {
        super(context);
        this.directory = directory;
        final AtomicLong correlationIds = new AtomicLong();
        final ActorRef<Command> self = context.getSelf();
        for (int shardId = 0; shardId < directory.shardCount(); shardId++)
        {
            final int id = shardId;
            final ActorRef<ShardController.Command> controller = context.spawn(
                ShardController.create(
                    shardId, factory, directory, clock, correlationIds, timers, () -> self.tell(new ShardStarted(id)), null),
                "shard-" + shardId,
                DispatcherSelector.blocking());
            context.watch(controller);
            controllers.add(controller);
            live.add(controller);
        }
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(AwaitReady.class, this::onAwaitReady)
            .onMessage(ShardStarted.class, this::onShardStarted)
            .onMessage(TenantControl.class, this::onTenantControl)
            .onMessage(ShardControl.class, this::onShardControl)
            .onMessage(Stop.class, this::onStop)
            .onSignal(Terminated.class, this::onTerminated)
            .build();
    }

    private Behavior<Command> onAwaitReady(final AwaitReady await)
    {
        readyWaiters.add(await.replyTo());
        answerReadyWaiters();
        return this;
    }

    private Behavior<Command> onShardStarted(final ShardStarted shardStarted)
    {
        started++;
        answerReadyWaiters();
        return this;
    }

    private Behavior<Command> onTerminated(final Terminated terminated)
    {
        live.remove(terminated.getRef());
        if (terminated instanceof ChildFailed failed)
        {
            getContext().getLog().error("shard controller {} failed", failed.getRef().path().name(), failed.getCause());
            if (startFailure.isEmpty())
            {
                startFailure = failed.getRef().path().name() + ": " + whyFailed(failed.getCause());
            }
            answerReadyWaiters();
        }
        return stopping ? stopIfDone() : this;
    }

    private Behavior<Command> onTenantControl(final TenantControl control)
    {
        final int shardId = directory.shardIdOf(control.command().tenantId());
        controllers.get(shardId).tell(new ShardController.Publish(control.command(), control.replyTo(), 0));
        return this;
    }

    private Behavior<Command> onShardControl(final ShardControl control)
    {
        if (control.shardId() < 0 || control.shardId() >= controllers.size())
        {
            control.replyTo().tell(new ControlReply(Shard.CLOSED, null, 0, 0, "no shard " + control.shardId()));
            return this;
        }
        controllers.get(control.shardId()).tell(new ShardController.Publish(control.command(), control.replyTo(), 0));
        return this;
    }

    private Behavior<Command> onStop(final Stop stop)
    {
        stopWaiters.add(stop.replyTo());
        if (!stopping)
        {
            stopping = true;
            for (final ActorRef<ShardController.Command> controller : controllers)
            {
                controller.tell(ShardController.StopShard.INSTANCE);
            }
        }
        return stopIfDone();
    }

    private Behavior<Command> stopIfDone()
    {
        if (!live.isEmpty())
        {
            return this;
        }
        for (final ActorRef<Stopped> waiter : stopWaiters)
        {
            waiter.tell(new Stopped());
        }
        return Behaviors.stopped();
    }

    /**
     * @return why a shard failed, for the operator: its failure's words and each cause's after them, without the actor
     *         system's wrapper (whose words repeat the root cause's behind an actor path); at most eight causes deep, as a
     *         chain of causes can loop.
     */
    static String whyFailed(final Throwable failure)
    {
        Throwable own = failure;
        if (own instanceof ActorInitializationException && own.getCause() != null)
        {
            own = own.getCause();
        }
        final StringBuilder why = new StringBuilder(own.getMessage() == null ? own.getClass().getSimpleName() : own.getMessage());
        Throwable cause = own.getCause();
        for (int depth = 0; depth < 8 && cause != null; depth++, cause = cause.getCause())
        {
            final String words = cause.getMessage();
            if (words != null && why.indexOf(words) < 0)
            {
                why.append(": ").append(words);
            }
        }
        return why.toString();
    }

    private void answerReadyWaiters()
    {
        if (startFailure.isEmpty() && started < controllers.size())
        {
            return;
        }
        for (final ActorRef<Ready> waiter : readyWaiters)
        {
            waiter.tell(new Ready(startFailure));
        }
        readyWaiters.clear();
    }
}
