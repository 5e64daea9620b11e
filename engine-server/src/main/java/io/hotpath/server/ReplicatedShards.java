package io.hotpath.server;

import io.hotpath.core.control.ReplicaHost;
import io.hotpath.core.control.ReplicaStatus;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalOwnership;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.SnapshotWriter;
import io.hotpath.replication.EpochHistory;
import io.hotpath.replication.FollowerReplica;
import io.hotpath.replication.FollowerSettings;
import io.hotpath.replication.Holding;
import io.hotpath.replication.LeaderReplicator;
import io.hotpath.replication.ReplicaLogic;
import io.hotpath.replication.ReplicaSnapshotSink;
import io.hotpath.replication.ReplicationServer;
import io.hotpath.replication.ReplicationTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToLongFunction;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shards of one cluster node, as their {@link ReplicaHost}: the followers it runs (each a {@link FollowerReplica} on
 * its own journal), the shards it leads (each a {@link Shard} whose ring has a replicator stage, a
 * {@link LeaderReplicator}), and the replication port the leaders of other nodes connect to.
 */
final class ReplicatedShards implements ReplicaHost, ReplicaStatus, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedShards.class);

    private final EngineSettings settings;
    private final ReplicationSettings replication;
    private final ShardLogicFactory logicFactory;
    private final PriceStreamHub priceStreams;
    private final EpochNanoClock clock;
    private final String self;
    private final SslContext clientTls;
    private final EventLoopGroup group = ReplicationTransport.eventLoop();
    private final ReplicationServer server;
    private final Map<Integer, FollowerReplica> followers = new ConcurrentHashMap<>();
    private final Map<Integer, LeaderReplicator> leaders = new ConcurrentHashMap<>();
    private final Map<Integer, long[]> idle = new ConcurrentHashMap<>();
    private final Map<Integer, SnapshotWriter> writers = new ConcurrentHashMap<>();
    private final AtomicLongArray accepted;
    /** Counts of the followers and leaders that ran here before the current ones, so the counters only rise. */
    private final AtomicLongArray bootstraps;
    private final AtomicLongArray mismatches;
    private final AtomicLongArray degraded;
    /** Opens and closes followers off the control plane's agent, which must keep answering surveys meanwhile. */
    private final ExecutorService roles = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "hotpath-replica-roles");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Integer> opening = ConcurrentHashMap.newKeySet();
    private final Set<Integer> ledHere = ConcurrentHashMap.newKeySet();

    /**
     * @param self      this node's name, for logs.
     * @param serverTls the replication port's TLS, or null; {@code clientTls} the leaders' side of it.
     */
    ReplicatedShards(final EngineSettings settings, final ReplicationSettings replication, final ShardLogicFactory logicFactory,
        final PriceStreamHub priceStreams, final EpochNanoClock clock, final String self, final SslContext serverTls,
        final SslContext clientTls)
    {
        this.settings = settings;
        this.replication = replication;
        this.logicFactory = logicFactory;
        this.priceStreams = priceStreams;
        this.clock = clock;
        this.self = self;
        this.clientTls = clientTls;
        this.accepted = new AtomicLongArray(settings.shards());
        this.bootstraps = new AtomicLongArray(settings.shards());
        this.mismatches = new AtomicLongArray(settings.shards());
        this.degraded = new AtomicLongArray(settings.shards());
        try
        {
            server = new ReplicationServer(replication.host(), replication.port(), serverTls, group, followers::get);
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw ex;
        }
    }

    @Override
    public String replicationAddress()
    {
        return (replication.advertisedHost().isEmpty() ? replication.host() : replication.advertisedHost()) + ":"
            + (replication.advertisedPort() == 0 ? server.port() : replication.advertisedPort());
    }

    @Override
    public long[] holding(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        if (leader != null)
        {
            return new long[] {leader.epoch(), leader.replicated()};
        }
        final FollowerReplica follower = followers.get(shardId);
        if (follower != null)
        {
            final Holding holding = follower.holding();
            return new long[] {holding.lastEpoch(), holding.lastSequence()};
        }
        // Read once from the disk, then kept until this node takes a role in the shard again.
        return idle.computeIfAbsent(shardId, this::readHolding);
    }

    @Override
    public void fence(final int shardId, final long epoch)
    {
        accepted.accumulateAndGet(shardId, epoch, Math::max);
        final FollowerReplica follower = followers.get(shardId);
        if (follower != null)
        {
            follower.fence(epoch);
        }
        final LeaderReplicator leader = leaders.get(shardId);
        if (leader != null && leader.epoch() < epoch)
        {
            leader.fenceLocally(epoch);
        }
    }

    /**
     * Starts following on the roles thread, and returns at once: opening a copy (recovering its logic, opening its journal)
     * takes seconds on a small host. Called again while it opens, or once it follows, it only raises the fence.
     */
    @Override
    public void follow(final int shardId, final long epoch)
    {
        final FollowerReplica running = followers.get(shardId);
        if (running != null)
        {
            running.fence(epoch);
            return;
        }
        if (leaders.containsKey(shardId))
        {
            throw new IllegalStateException("shard " + shardId + " is still led here");
        }
        if (!opening.add(shardId))
        {
            return;
        }
        roles.execute(() ->
        {
            try
            {
                openFollower(shardId, epoch);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("shard {}: cannot follow it here yet ({}); the next assignment tries again", shardId, ex.getMessage());
            }
            finally
            {
                opening.remove(shardId);
            }
        });
    }

    private synchronized void openFollower(final int shardId, final long epoch)
    {
        if (followers.containsKey(shardId) || leaders.containsKey(shardId))
        {
            return;
        }
        idle.remove(shardId);
        final FollowerReplica replica = new FollowerReplica(shardId, shardDir(shardId), followerSettings(), logicSource(shardId),
            Math.max(epoch, accepted.get(shardId)));
        followers.put(shardId, replica);
        LOG.atInfo().addKeyValue("event", "following").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
            .addKeyValue("engine_sequence", replica.holding().lastSequence())
            .log("shard {}: this node follows it in epoch {}, holding engine sequence {}", shardId, epoch,
                replica.holding().lastSequence());
    }

    @Override
    public void unfollow(final int shardId)
    {
        if (!followers.containsKey(shardId))
        {
            return;
        }
        roles.execute(() -> closeFollower(shardId));
    }

    private synchronized void closeFollower(final int shardId)
    {
        final FollowerReplica replica = followers.remove(shardId);
        if (replica != null)
        {
            retire(shardId, replica);
            replica.close();
            idle.remove(shardId);
            LOG.info("shard {}: this node no longer follows it", shardId);
        }
    }

    @Override
    public Shard lead(final int shardId, final long epoch, final List<String> followerAddresses)
    {
        // Whatever the roles thread was given before (a follower still opening) is done first.
        try
        {
            roles.submit(() -> { }).get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shard " + shardId + " was to be led", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex.getCause());
        }
        return leadNow(shardId, epoch, followerAddresses);
    }

    private synchronized Shard leadNow(final int shardId, final long epoch, final List<String> followerAddresses)
    {
        final Path shardDir = shardDir(shardId);
        final FollowerReplica replica = followers.remove(shardId);
        idle.remove(shardId);
        final long started = System.nanoTime();
        final ReplicaLogic.Built built;
        final long engineSequence;
        final ReplicaSnapshotSink sink;
        EpochHistory history;
        if (replica != null)
        {
            retire(shardId, replica);
            final FollowerReplica.Promotion promotion = replica.promote();
            built = promotion.built();
            engineSequence = promotion.engineSequence();
            sink = promotion.sink();
            history = promotion.history();
        }
        else
        {
            final Recovered recovered = recover(shardId, shardDir);
            built = recovered.built();
            engineSequence = recovered.engineSequence();
            sink = recovered.sink();
            history = EpochHistory.read(shardDir);
        }
        history = history.with(epoch, engineSequence + 1);
        history.write(shardDir);
        final JournalOwnership ownership = JournalOwnership.acquire(shardDir);
        final SnapshotWriter writer = new SnapshotWriter(
            new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.journal().snapshotsKept()),
            "hotpath-shard-" + shardId + "-snapshots");
        try
        {
            final LeaderReplicator replicator = replication.factor() == 1 ? null : new LeaderReplicator(shardId, epoch, self, shardDir,
                history, engineSequence, settings.journal().snapshotsKept(), replication.policy(), group, clientTls);
            sink.store(writer);
            writers.put(shardId, writer);
            sink.followersTakeThem(replicator == null ? null : () -> replicator.liveFollowers() > 0);
            built.outbox().mute(false);
            final ChronicleJournal journal = ChronicleJournal.open(shardDir, settings.durability(), settings.journal().rollCycle())
                .ownedBy(ownership, writer)
                .whenClosed(() -> stoppedLeading(shardId, replicator));
            final Shard shard = new Shard(settings.shardContext(shardId), journal, built.logic(), engineSequence, clock, built.outbox(),
                priceStreams.feed(shardId), replicator);
            ledHere.add(shardId);
            if (replicator != null)
            {
                leaders.put(shardId, replicator);
                replicator.followers(resolve(followerAddresses));
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // Logged with the state hash, so a failover can be checked against what the shard's last leader reported.
            final long stateHash = built.logic().stateHash(engineSequence);
            LOG.atInfo().addKeyValue("event", "leading").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
                .addKeyValue("engine_sequence", engineSequence).addKeyValue("hot", replica != null).addKeyValue("millis", millis)
                .addKeyValue("state_hash", Long.toHexString(stateHash))
                .log("shard {}: leading in epoch {} from engine sequence {} with state hash {} ({}, {} ms)", shardId, epoch,
                    engineSequence, Long.toHexString(stateHash),
                    replica != null ? "promoted from its hot follower" : "recovered from its journal", millis);
            return shard;
        }
        catch (final RuntimeException ex)
        {
            writer.close();
            ownership.close();
            throw ex;
        }
    }

    @Override
    public void followers(final int shardId, final List<String> followerAddresses)
    {
        final LeaderReplicator replicator = leaders.get(shardId);
        if (replicator != null)
        {
            replicator.followers(resolve(followerAddresses));
        }
    }

    /**
     * @return completes with true once the snapshot a shard led here took at {@code engineSequence} is stored: by its live
     *         followers, which store a leader's snapshots (at once: the leader hands them the command, they store it as they
     *         apply it), or, with none live, by this node.
     */
    CompletableFuture<Boolean> snapshotWritten(final int shardId, final long engineSequence)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        if (leader != null && leader.liveFollowers() > 0)
        {
            return CompletableFuture.completedFuture(true);
        }
        final SnapshotWriter writer = writers.get(shardId);
        return writer == null ? CompletableFuture.completedFuture(false) : writer.written(engineSequence);
    }

    /**
     * @return the writer that stores this node's snapshots of the shard now: a follower's, or a leader's while no live
     *         follower stores them instead (ReplicaSnapshotSink); null when this node stores none of the shard's.
     */
    SnapshotWriter storingSnapshots(final int shardId)
    {
        final FollowerReplica follower = followers.get(shardId);
        if (follower != null)
        {
            return follower.snapshotWriter();
        }
        if (!ledHere.contains(shardId))
        {
            return null;
        }
        final LeaderReplicator leader = leaders.get(shardId);
        return leader != null && leader.liveFollowers() > 0 ? null : writers.get(shardId);
    }

    /**
     * @return the replicator of a shard this node leads, or null.
     */
    LeaderReplicator leader(final int shardId)
    {
        return leaders.get(shardId);
    }

    /**
     * @return the follower of a shard this node follows, or null.
     */
    FollowerReplica follower(final int shardId)
    {
        return followers.get(shardId);
    }

    /**
     * @return for retention: a shard led here keeps every cycle some follower still lacks; a shard followed here is trimmed
     *         against its own snapshots alone; any other is not this node's to trim.
     */
    long heldElsewhere(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        if (leader != null)
        {
            return leader.heldByEveryFollower();
        }
        // A shard led here without a replicator (factor 1) is this node's alone.
        return followers.containsKey(shardId) || ledHere.contains(shardId) ? Long.MAX_VALUE : RetentionRunner.SKIP;
    }

    @Override
    public int role(final int shardId)
    {
        return leaders.containsKey(shardId) ? LEADER : followers.containsKey(shardId) ? FOLLOWER : NONE;
    }

    @Override
    public long epoch(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        return leader != null ? leader.epoch() : accepted.get(shardId);
    }

    @Override
    public long followerLagCommands(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        return leader == null ? 0 : leader.followerLag();
    }

    @Override
    public long followerLagNanos(final int shardId)
    {
        final FollowerReplica follower = followers.get(shardId);
        return follower == null ? 0 : follower.lagNanos(clock.nanoTime());
    }

    @Override
    public int liveFollowers(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        return leader == null ? 0 : leader.liveFollowers();
    }

    @Override
    public long bootstraps(final int shardId)
    {
        return bootstraps.get(shardId) + countOf(followers.get(shardId), FollowerReplica::bootstraps);
    }

    @Override
    public long mismatches(final int shardId)
    {
        return mismatches.get(shardId) + countOf(followers.get(shardId), FollowerReplica::mismatches);
    }

    @Override
    public long degraded(final int shardId)
    {
        final LeaderReplicator leader = leaders.get(shardId);
        return degraded.get(shardId) + (leader == null ? 0 : leader.degraded());
    }

    private static long countOf(final FollowerReplica follower, final ToLongFunction<FollowerReplica> count)
    {
        return follower == null ? 0 : count.applyAsLong(follower);
    }

    /**
     * @return each shard's role here, for {@code /health/ready}: "leads 0 (epoch 2; followers ...), follows 1, 3".
     */
    String describeRoles()
    {
        final StringBuilder leading = new StringBuilder();
        final List<Integer> following = new ArrayList<>();
        for (int shardId = 0; shardId < settings.shards(); shardId++)
        {
            final LeaderReplicator leader = leaders.get(shardId);
            if (leader != null)
            {
                leading.append(leading.length() == 0 ? "" : "; ").append(shardId).append(" (epoch ").append(leader.epoch())
                    .append(leader.fencedBy() != 0 ? ", fenced" : "").append(", followers ").append(leader.describeFollowers()).append(')');
            }
            if (followers.containsKey(shardId))
            {
                following.add(shardId);
            }
        }
        return "leads " + (leading.length() == 0 ? "none" : leading) + "; follows " + (following.isEmpty() ? "none" : following);
    }

    @Override
    public synchronized void close()
    {
        roles.shutdownNow();
        for (final FollowerReplica replica : followers.values())
        {
            replica.close();
        }
        followers.clear();
        for (final LeaderReplicator replicator : leaders.values())
        {
            replicator.close();
        }
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void retire(final int shardId, final FollowerReplica replica)
    {
        bootstraps.addAndGet(shardId, replica.bootstraps());
        mismatches.addAndGet(shardId, replica.mismatches());
    }

    private void stoppedLeading(final int shardId, final LeaderReplicator replicator)
    {
        ledHere.remove(shardId);
        if (replicator != null)
        {
            degraded.addAndGet(shardId, replicator.degraded());
            leaders.remove(shardId, replicator);
            replicator.close();
        }
        idle.remove(shardId);
    }

    private record Recovered(ReplicaLogic.Built built, long engineSequence, ReplicaSnapshotSink sink)
    {
    }

    /**
     * A leader that did not follow the shard here: its logic from its snapshots and journal, as a single engine recovers.
     */
    private Recovered recover(final int shardId, final Path shardDir)
    {
        final FileSnapshotStore store = new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.journal().snapshotsKept());
        final ReplicaSnapshotSink sink = new ReplicaSnapshotSink(store);
        final ReplicaLogic.Recovered recovery = ReplicaLogic.recover(shardDir, logicSource(shardId), sink, store);
        return new Recovered(recovery.built(), recovery.engineSequence(), sink);
    }

    private ReplicaLogic logicSource(final int shardId)
    {
        return snapshots ->
        {
            final ShardOutbox outbox = new ShardOutbox(settings.pricingLimits().outboxCapacity());
            return new ReplicaLogic.Built(logicFactory.create(shardId, snapshots, outbox), outbox);
        };
    }

    private long[] readHolding(final int shardId)
    {
        final Path shardDir = shardDir(shardId);
        if (!Files.isDirectory(JournalDescriptor.commandsDir(shardDir)))
        {
            return new long[] {0, 0};
        }
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final long last = reader.lastSequence();
            return new long[] {EpochHistory.read(shardDir).epochAt(last), last};
        }
    }

    private FollowerSettings followerSettings()
    {
        return new FollowerSettings(settings.durability(), settings.journal().rollCycle(), settings.journal().snapshotsKept());
    }

    private Path shardDir(final int shardId)
    {
        return JournalDescriptor.shardDir(settings.journalDir(), shardId);
    }

    private static List<InetSocketAddress> resolve(final List<String> addresses)
    {
        final List<InetSocketAddress> resolved = new ArrayList<>();
        for (final String address : addresses)
        {
            final int colon = address.lastIndexOf(':');
            resolved.add(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
        }
        return resolved;
    }
}
