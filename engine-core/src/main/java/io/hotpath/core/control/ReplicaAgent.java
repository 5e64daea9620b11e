package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's part in replicated shards: answers the {@link ReplicaCoordinator}'s surveys with what this node holds of each
 * shard, and turns each assignment into a role here: the leader runs the shard (a {@link ShardController} child, on the
 * blocking dispatcher), a follower follows it, any other node does neither. Each tick it brings every shard's role in line
 * with its latest assignment again, so a step that failed (a journal still locked by a shard that is closing) is retried.
 *
 * <p>An assignment or a survey from an older epoch than one already seen changes nothing: epochs only rise here.
 */
final class ReplicaAgent extends AbstractBehavior<ReplicaAgent.Command>
{
    static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "hotpath-replica-agent");
    static final int NONE = 0;
    static final int FOLLOWER = 1;
    static final int LEADER = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAgent.class);
    private static final Duration TICK = Duration.ofMillis(500);

    interface Command
    {
    }

    /** Crosses nodes. Values per shard: the epoch to fence it at (0: none). */
    record Survey(long surveyId, long[] fences, ActorRef<ReplicaCoordinator.Command> replyTo) implements Command
    {
    }

    /** Crosses nodes: the shard's leader and followers for an epoch, by Pekko address. */
    record Assign(int shardId, long epoch, String leader, List<String> followers) implements Command
    {
    }

    record Control(int shardId, ControlCommand command, ActorRef<ControlReply> replyTo) implements Command
    {
    }

    private record LeaderStopped(int shardId, ActorRef<ShardController.Command> child) implements Command
    {
    }

    private enum Tick implements Command
    {
        INSTANCE
    }

    private final ReplicaHost host;
    private final LocalShardDirectory directory;
    private final EpochNanoClock clock;
    private final ShardTimers timers;
    private final AtomicLong correlationIds = new AtomicLong();
    private final String self;
    private final Assign[] assigned;
    private final long[] accepted;
    private final int[] roles;
    private final Map<Integer, ActorRef<ShardController.Command>> leading = new HashMap<>();
    private final long[] leadingEpoch;
    private final String[] lastFailure;

    static Behavior<Command> create(final ReplicaHost host, final LocalShardDirectory directory, final EpochNanoClock clock,
        final ShardTimers timers)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(scheduler ->
        {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            scheduler.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
            return new ReplicaAgent(context, host, directory, clock, timers);
        }));
    }

    private ReplicaAgent(final ActorContext<Command> context, final ReplicaHost host, final LocalShardDirectory directory,
        final EpochNanoClock clock, final ShardTimers timers)
    {
        super(context);
        this.host = host;
        this.directory = directory;
        this.clock = clock;
        this.timers = timers;
        this.self = Cluster.get(context.getSystem()).selfMember().address().toString();
        final int shards = directory.shardCount();
        assigned = new Assign[shards];
        accepted = new long[shards];
        roles = new int[shards];
        leadingEpoch = new long[shards];
        lastFailure = new String[shards];
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(Survey.class, this::onSurvey)
            .onMessage(Assign.class, this::onAssign)
            .onMessage(Control.class, this::onControl)
            .onMessage(LeaderStopped.class, this::onLeaderStopped)
            .onMessage(Tick.class, tick -> onTick())
            .build();
    }

    private Behavior<Command> onSurvey(final Survey survey)
    {
        final int shards = directory.shardCount();
        final long[] values = new long[shards * 4];
        for (int shardId = 0; shardId < shards; shardId++)
        {
            final long fence = shardId < survey.fences().length ? survey.fences()[shardId] : 0;
            if (fence > accepted[shardId])
            {
                accepted[shardId] = fence;
                host.fence(shardId, fence);
                if (leading.containsKey(shardId) && leadingEpoch[shardId] < fence)
                {
                    stopLeading(shardId, "a survey fenced it at epoch " + fence);
                }
            }
            final long[] holding = host.holding(shardId);
            values[shardId * 4] = roles[shardId];
            values[shardId * 4 + 1] = accepted[shardId];
            values[shardId * 4 + 2] = holding[0];
            values[shardId * 4 + 3] = holding[1];
        }
        survey.replyTo().tell(new ReplicaCoordinator.Holdings(survey.surveyId(), self, values));
        return this;
    }

    private Behavior<Command> onAssign(final Assign assign)
    {
        final int shardId = assign.shardId();
        if (shardId < 0 || shardId >= assigned.length || assign.epoch() < accepted[shardId])
        {
            return this;
        }
        if (assign.epoch() > accepted[shardId])
        {
            accepted[shardId] = assign.epoch();
            host.fence(shardId, assign.epoch());
        }
        assigned[shardId] = assign;
        reconcile(shardId);
        return this;
    }

    private Behavior<Command> onTick()
    {
        for (int shardId = 0; shardId < assigned.length; shardId++)
        {
            reconcile(shardId);
        }
        return this;
    }

    private Behavior<Command> onControl(final Control control)
    {
        final ActorRef<ShardController.Command> controller = leading.get(control.shardId());
        if (controller == null || directory.shard(control.shardId()) == null)
        {
            control.replyTo().tell(new ControlReply(Shard.CLOSED, null, 0, 0, "shard " + control.shardId() + " is not led by this node"));
        }
        else
        {
            controller.tell(new ShardController.Publish(control.command(), control.replyTo(), 0));
        }
        return this;
    }

    private Behavior<Command> onLeaderStopped(final LeaderStopped stopped)
    {
        if (leading.get(stopped.shardId()) == stopped.child())
        {
            leading.remove(stopped.shardId());
            roles[stopped.shardId()] = NONE;
            reconcile(stopped.shardId());
        }
        return this;
    }

    /**
     * Brings the shard's role here in line with its latest assignment.
     */
    private void reconcile(final int shardId)
    {
        final Assign assign = assigned[shardId];
        if (assign == null)
        {
            return;
        }
        directory.owner(shardId, self.equals(assign.leader()) ? null : frontOf(assign.leader()));
        final ActorRef<ShardController.Command> controller = leading.get(shardId);
        try
        {
            if (self.equals(assign.leader()))
            {
                if (controller != null && leadingEpoch[shardId] == assign.epoch())
                {
                    host.followers(shardId, replicationAddresses(assign.followers()));
                }
                else if (controller != null)
                {
                    stopLeading(shardId, "epoch " + assign.epoch() + " begins");
                }
                else
                {
                    startLeading(shardId, assign);
                }
            }
            else if (controller != null)
            {
                stopLeading(shardId, "epoch " + assign.epoch() + " is led by " + assign.leader());
            }
            else if (assign.followers().contains(self))
            {
                host.follow(shardId, assign.epoch());
                roles[shardId] = FOLLOWER;
            }
            else
            {
                host.unfollow(shardId);
                roles[shardId] = NONE;
            }
        }
        catch (final RuntimeException ex)
        {
            if (!String.valueOf(ex.getMessage()).equals(lastFailure[shardId]))
            {
                lastFailure[shardId] = String.valueOf(ex.getMessage());
                LOG.warn("shard {}: cannot take its role here yet ({}); trying again", shardId, ex.getMessage());
            }
            return;
        }
        lastFailure[shardId] = null;
    }

    private void startLeading(final int shardId, final Assign assign)
    {
        final List<String> followers = replicationAddresses(assign.followers());
        final long epoch = assign.epoch();
        LOG.atInfo().addKeyValue("event", "promoted").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
            .log("shard {}: this node leads it in epoch {}, followers {}", shardId, epoch, assign.followers());
        final ActorRef<ShardController.Command> child = getContext().spawn(
            ShardController.create(shardId, id -> host.lead(id, epoch, followers), directory, clock, correlationIds, timers, () -> { },
                new ControlCommand.LeaderElected(epoch)),
            "shard-" + shardId + "-epoch-" + epoch, DispatcherSelector.blocking());
        getContext().watchWith(child, new LeaderStopped(shardId, child));
        leading.put(shardId, child);
        leadingEpoch[shardId] = epoch;
        roles[shardId] = LEADER;
    }

    private void stopLeading(final int shardId, final String why)
    {
        final ActorRef<ShardController.Command> child = leading.get(shardId);
        if (child != null && roles[shardId] != -LEADER)
        {
            LOG.atWarn().addKeyValue("event", "demoted").addKeyValue("shard", shardId).addKeyValue("epoch", leadingEpoch[shardId])
                .log("shard {}: this node stops leading it (epoch {}): {}", shardId, leadingEpoch[shardId], why);
            child.tell(ShardController.StopShard.INSTANCE);
            roles[shardId] = -LEADER;
        }
    }

    private List<String> replicationAddresses(final List<String> nodes)
    {
        final List<String> addresses = new ArrayList<>();
        for (final String node : nodes)
        {
            final String address = roleOf(node, EngineGuardian.REPLICATION_ROLE);
            if (address != null)
            {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private String frontOf(final String node)
    {
        return roleOf(node, EngineGuardian.FRONT_ROLE);
    }

    private String roleOf(final String node, final String prefix)
    {
        for (final Member member : Cluster.get(getContext().getSystem()).state().getMembers())
        {
            final Address address = member.address();
            if (address.toString().equals(node))
            {
                for (final String role : member.getRoles())
                {
                    if (role.startsWith(prefix))
                    {
                        return role.substring(prefix.length());
                    }
                }
            }
        }
        return null;
    }
}
