package io.hotpath.core.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for every shard, which node leads it and which follow, and in which epoch. One runs in the cluster, as a Pekko
 * cluster singleton, on the majority side that the split-brain resolver keeps; it remembers nothing a successor needs,
 * because every round starts by asking every node what it holds.
 *
 * <pre>
 *   each tick, when every member is up and reachable (an unreachable one is waited for until the resolver downs it):
 *     survey every node: its role, the newest epoch it accepted, and per shard the epoch and engine sequence of the last
 *       command it journaled; a shard about to get a new leader is fenced in the same survey at the new epoch, so no node
 *       takes anything more from the old leader once it has answered
 *     a shard whose leader is up and leads at the current epoch keeps it; its followers are refilled from the other nodes
 *     any other shard gets a new leader at a higher epoch: among the nodes that held the shard, the one whose last
 *       command is newest (epoch first, then sequence: Raft's rule), so every command acknowledged by a quorum survives;
 *       on a cluster's first start, node (shard mod nodes) in address order
 *     every node is told each shard's assignment
 * </pre>
 *
 * Followers sit on the nodes after the leader in address order, up to {@code factor - 1} of them; with fewer nodes than
 * the factor, a shard has as many followers as there are other nodes. A shard whose copies are all on nodes that are gone
 * (factor 1 and its node died) gets no leader until one of them is back: a node without the shard's journal is never made
 * its leader over one with it.
 */
final class ReplicaCoordinator extends AbstractBehavior<ReplicaCoordinator.Command>
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCoordinator.class);
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(3);

    interface Command
    {
    }

    /** Crosses nodes: a node's answer to a survey; values per shard: role, accepted epoch, last epoch, last sequence. */
    record Holdings(long surveyId, String node, long[] values) implements Command
    {
    }

    private record Agents(Set<ActorRef<ReplicaAgent.Command>> agents) implements Command
    {
    }

    private record SurveyTimedOut(long surveyId) implements Command
    {
    }

    private enum Tick implements Command
    {
        INSTANCE
    }

    /** A shard's assignment. */
    private record Assignment(long epoch, String leader, List<String> followers)
    {
    }

    private final int shards;
    private final int factor;
    private final int minNodes;
    private final TimerScheduler<Command> timers;
    private final Assignment[] table;
    private final Map<String, ActorRef<ReplicaAgent.Command>> agents = new HashMap<>();
    private final Map<String, long[]> answers = new HashMap<>();
    private List<String> surveyed = List.of();
    private long[] fences;
    private long surveyId;
    private boolean surveying;
    private boolean placed;
    /** A node answered with an epoch: the shards were placed before this coordinator (one before it ran elsewhere). */
    private boolean placedBefore;
    private String waitingFor = "";

    static Behavior<Command> create(final int shards, final int factor, final int minNodes)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        {
            final ActorRef<Receptionist.Listing> listings =
                context.messageAdapter(Receptionist.Listing.class, listing -> new Agents(listing.getServiceInstances(ReplicaAgent.KEY)));
            context.getSystem().receptionist().tell(Receptionist.subscribe(ReplicaAgent.KEY, listings));
            timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
            return new ReplicaCoordinator(context, shards, factor, minNodes, timers);
        }));
    }

    private ReplicaCoordinator(final ActorContext<Command> context, final int shards, final int factor, final int minNodes,
        final TimerScheduler<Command> timers)
    {
        super(context);
        this.shards = shards;
        this.factor = factor;
        this.minNodes = minNodes;
        this.timers = timers;
        this.table = new Assignment[shards];
        this.fences = new long[shards];
        LOG.info("replica coordinator running on this node: {} shards, replication factor {}", shards, factor);
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(Agents.class, this::onAgents)
            .onMessage(Tick.class, tick -> onTick())
            .onMessage(Holdings.class, this::onHoldings)
            .onMessage(SurveyTimedOut.class, this::onSurveyTimedOut)
            .build();
    }

    private Behavior<Command> onAgents(final Agents listing)
    {
        agents.clear();
        for (final ActorRef<ReplicaAgent.Command> agent : listing.agents())
        {
            agents.put(nodeOf(agent), agent);
        }
        return this;
    }

    private String nodeOf(final ActorRef<?> ref)
    {
        final Address address = ref.path().address();
        return address.hasLocalScope() ? Cluster.get(getContext().getSystem()).selfMember().address().toString() : address.toString();
    }

    private Behavior<Command> onTick()
    {
        if (surveying)
        {
            return this;
        }
        final List<String> up = upMembers();
        if (up == null)
        {
            return waitFor("every member to be up and reachable (an unreachable one until the split-brain resolver downs it)");
        }
        for (final String node : up)
        {
            if (!agents.containsKey(node))
            {
                return waitFor("the agent of " + node + " (known: " + agents.keySet() + ")");
            }
        }
        surveyId++;
        surveying = true;
        surveyed = up;
        answers.clear();
        final long[] sent = fences.clone();
        for (final String node : up)
        {
            agents.get(node).tell(new ReplicaAgent.Survey(surveyId, sent, getContext().getSelf()));
        }
        timers.startSingleTimer(new SurveyTimedOut(surveyId), SURVEY_TIMEOUT);
        return this;
    }

    private Behavior<Command> waitFor(final String what)
    {
        if (!what.equals(waitingFor))
        {
            waitingFor = what;
            LOG.info("replica coordinator waiting for {}", what);
        }
        return this;
    }

    /**
     * @return the members that are up, in address order; null while any member is unreachable or joining, since an
     *         election must hear from every node that may hold a shard.
     */
    private List<String> upMembers()
    {
        final Cluster cluster = Cluster.get(getContext().getSystem());
        final List<String> up = new ArrayList<>();
        for (final Member member : cluster.state().getMembers())
        {
            final MemberStatus status = member.status();
            if (status == MemberStatus.down() || status == MemberStatus.removed() || status == MemberStatus.exiting()
                || status == MemberStatus.leaving())
            {
                continue;
            }
            if (status != MemberStatus.up() || cluster.state().getUnreachable().contains(member))
            {
                return null;
            }
            up.add(member.address().toString());
        }
        up.sort(Comparator.naturalOrder());
        return up;
    }

    private Behavior<Command> onSurveyTimedOut(final SurveyTimedOut timeout)
    {
        if (surveying && timeout.surveyId() == surveyId)
        {
            LOG.warn("survey {} heard from {} of {} nodes in {}; trying again", surveyId, answers.size(), surveyed.size(), SURVEY_TIMEOUT);
            surveying = false;
        }
        return this;
    }

    private Behavior<Command> onHoldings(final Holdings holdings)
    {
        if (!surveying || holdings.surveyId() != surveyId || !surveyed.contains(holdings.node()))
        {
            return this;
        }
        answers.put(holdings.node(), holdings.values());
        for (int shardId = 0; shardId < shards && !placedBefore; shardId++)
        {
            placedBefore = holdings.values()[shardId * 4 + 1] > 0;
        }
        if (answers.size() == surveyed.size())
        {
            surveying = false;
            timers.cancel(new SurveyTimedOut(surveyId));
            decide();
        }
        return this;
    }

    private void decide()
    {
        final List<String> up = surveyed;
        if (!placed && !placedBefore && up.size() < minNodes)
        {
            // A new cluster: placed once enough nodes are up that the shards spread over them. (A coordinator that took over
            // from another learns from the answers that the shards were placed, and goes on whatever the count.)
            waitFor(minNodes + " members up before placing the shards; " + up.size() + " are");
            return;
        }
        final long[] nextFences = new long[shards];
        boolean fenceFirst = false;
        waitingFor = "";
        for (int shardId = 0; shardId < shards; shardId++)
        {
            long maxEpoch = table[shardId] == null ? 0 : table[shardId].epoch();
            String reportedLeader = null;
            for (final String node : up)
            {
                final long[] values = answers.get(node);
                maxEpoch = Math.max(maxEpoch, values[shardId * 4 + 1]);
            }
            for (final String node : up)
            {
                final long[] values = answers.get(node);
                if (values[shardId * 4] == ReplicaAgent.LEADER && values[shardId * 4 + 1] == maxEpoch)
                {
                    reportedLeader = node;
                }
            }
            final Assignment current = table[shardId];
            final Assignment next;
            if (reportedLeader != null)
            {
                final List<String> kept =
                    current != null && current.epoch() == maxEpoch ? current.followers() : reportedFollowers(shardId, maxEpoch);
                next = new Assignment(maxEpoch, reportedLeader, refill(reportedLeader, kept, up));
            }
            else if (current != null && up.contains(current.leader()) && current.epoch() == maxEpoch)
            {
                // Told, and not yet leading: a shard that is starting.
                next = new Assignment(current.epoch(), current.leader(), refill(current.leader(), current.followers(), up));
            }
            else
            {
                // The survey's own fence raised the nodes' epoch to fences[shardId]: that is the new epoch, unless some node
                // had accepted a higher one, in which case the next survey fences above it.
                final long epoch = fences[shardId];
                if (epoch == 0 || epoch < maxEpoch)
                {
                    nextFences[shardId] = maxEpoch + 1;
                    fenceFirst = true;
                    continue;
                }
                final String leader = elect(shardId, up, current);
                if (leader == null)
                {
                    LOG.error("shard {}: no node that is up holds its journal; it has no leader until one is back", shardId);
                    continue;
                }
                next = new Assignment(epoch, leader, refill(leader, current == null ? List.of() : current.followers(), up));
                final long[] values = answers.get(leader);
                LOG.atInfo().addKeyValue("event", "leader-elected").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
                    .addKeyValue("leader", leader).addKeyValue("engine_sequence", values[shardId * 4 + 3])
                    .log("shard {}: {} leads in epoch {} from engine sequence {} (epoch {}), followers {}", shardId, leader, epoch,
                        values[shardId * 4 + 3], values[shardId * 4 + 2], next.followers());
            }
            placed = true;
            table[shardId] = next;
            for (final String node : up)
            {
                agents.get(node).tell(new ReplicaAgent.Assign(shardId, next.epoch(), next.leader(), next.followers()));
            }
        }
        fences = nextFences;
        if (fenceFirst)
        {
            // The shards that need a leader are fenced at their new epoch by the next survey, and elected from its answers.
            getContext().getSelf().tell(Tick.INSTANCE);
        }
    }

    private List<String> reportedFollowers(final int shardId, final long epoch)
    {
        final List<String> followers = new ArrayList<>();
        for (final Map.Entry<String, long[]> answer : answers.entrySet())
        {
            if (answer.getValue()[shardId * 4] == ReplicaAgent.FOLLOWER && answer.getValue()[shardId * 4 + 1] == epoch)
            {
                followers.add(answer.getKey());
            }
        }
        return followers;
    }

    /**
     * @return the node whose last command of the shard is newest, among those that may hold it; null if none may.
     */
    private String elect(final int shardId, final List<String> up, final Assignment current)
    {
        String best = null;
        long bestEpoch = -1;
        long bestSequence = -1;
        boolean anyHolds = false;
        for (final String node : up)
        {
            final long[] values = answers.get(node);
            anyHolds |= values[shardId * 4 + 3] > 0;
        }
        if (current != null && !anyHolds)
        {
            // It had a leader, and no node that is up holds a command of it: its copies are all gone for now.
            return null;
        }
        final int preferred = shardId % up.size();
        for (int i = 0; i < up.size(); i++)
        {
            final String node = up.get((preferred + i) % up.size());
            final long[] values = answers.get(node);
            final long lastEpoch = values[shardId * 4 + 2];
            final long lastSequence = values[shardId * 4 + 3];
            if (lastEpoch > bestEpoch || lastEpoch == bestEpoch && lastSequence > bestSequence)
            {
                best = node;
                bestEpoch = lastEpoch;
                bestSequence = lastSequence;
            }
        }
        return best;
    }

    /**
     * @return the followers kept that are still up, then the nodes after the leader in address order, up to factor - 1.
     */
    private List<String> refill(final String leader, final List<String> kept, final List<String> up)
    {
        final List<String> followers = new ArrayList<>();
        for (final String node : kept)
        {
            if (up.contains(node) && !Objects.equals(node, leader) && followers.size() < factor - 1)
            {
                followers.add(node);
            }
        }
        final int at = up.indexOf(leader);
        for (int i = 1; i < up.size() && followers.size() < factor - 1; i++)
        {
            final String node = up.get((at + i) % up.size());
            if (!followers.contains(node))
            {
                followers.add(node);
            }
        }
        return followers;
    }
}
