package io.hotpath.server;

import com.typesafe.config.Config;
import io.grpc.Status;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.control.EngineGuardian;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.control.LocalShardDirectory;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.control.ShardFactory;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.export.ExportMetrics;
import io.hotpath.export.ExportSettings;
import io.hotpath.export.Exporters;
import io.hotpath.gateway.BinarySettings;
import io.hotpath.gateway.admin.AdminServer;
import io.hotpath.gateway.admin.EngineMetrics;
import io.hotpath.gateway.admin.OperationsMetrics;
import io.hotpath.gateway.admin.StageMonitor;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.binary.BinaryFront;
import io.hotpath.gateway.grpc.GrpcFront;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.gateway.trace.CallTracing;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalOwnership;
import io.hotpath.journal.ShardRecovery;
import io.hotpath.journal.SnapshotWriter;
import io.hotpath.pricing.UnsubscribePricesCommand;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine: the control plane (Pekko), its shards (Disruptor rings with Chronicle
 * journals), the price streams fed by the shards' outboxes, and the gRPC front.
 *
 * <p>Start order is control plane, shards, then the front, so no request arrives before its shard
 * runs. {@link #close()} reverses it: the front stops taking calls, price streams end, calls in
 * flight finish, the shards drain and close their journals, then the actor system stops.
 */
public final class Engine implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STAGE_TICK = Duration.ofSeconds(5);
    private static final int STAGE_WINDOW_TICKS = 12;
    /** The snapshot warm-up's runs: at the start, then a quarter and half a snapshot interval later. */
    private static final int WARM_UP_ROUNDS = 3;

    private final EngineSettings settings;
    private final ClusterSettings cluster;
    private final ActorSystem<EngineGuardian.Command> system;
    private final LocalShardDirectory directory;
    private final PriceStreamHub priceStreams;
    private final Map<Integer, ShardRecovery.Summary> recoveries = new ConcurrentHashMap<>();
    private final GrpcFront grpc;
    private final RetentionRunner retention;
    private final StageMonitor stageMonitor;
    private final EngineMetrics metrics;
    private final AdminServer admin;
    private final BinaryFront binary;
    private volatile boolean closed;
    private volatile boolean drained;
    private final Map<Integer, SnapshotWriter> snapshotWriters = new ConcurrentHashMap<>();
    private final ReplicatedShards replicated;
    private final CompletableFuture<Void> removedFromCluster = new CompletableFuture<>();
    private final Exporters exporters;
    private final SdkTracerProvider tracerProvider;
    private final TracingSettings tracingSettings;

    private Engine(final EngineSettings settings, final Config config, final ShardLogicFactory logicFactory, final EpochNanoClock clock)
    {
        // Read the certificates and the tracing settings before anything starts: a bad file or value stops the start with
        // nothing to undo.
        final SslContext grpcTls = settings.tls().enabled() ? settings.tls().grpcContext() : null;
        final SslContext binaryTls = settings.tls().enabled() && settings.binary().enabled() ? settings.tls().plainContext() : null;
        final List<OperationsMetrics.Certificate> certificates = settings.tls().certificates();
        tracingSettings = TracingSettings.from(config.getConfig("hotpath.tracing"));
        this.settings = settings;
        final ExportSettings export = ExportSettings.from(config);
        if (export.enabled() && ClusterSettings.from(config).enabled())
        {
            // A journal's indices are its node's own, and a shard moves between nodes: a position one node stored means
            // nothing to the next.
            throw new IllegalArgumentException("hotpath.export.enabled is not supported on a cluster node (hotpath.cluster.enabled); "
                + "run ./engine export against a journal instead");
        }
        if (!settings.journal().snapshotInterval().isZero())
        {
            warmSnapshotCode(settings.journal().snapshotInterval());
        }
        directory = new LocalShardDirectory(new HashShardPlacement(settings.shards()), settings.shards());
        priceStreams = new PriceStreamHub(
            settings.shards(), settings.pricingLimits().maxWatches(), settings.maxPriceStreams(), this::unsubscribe);
        cluster = ClusterSettings.from(config);
        // A shard that stops here while the engine runs moved to another node: its streams would get nothing more.
        directory.onStopped(shardId -> priceStreams.endShard(tenantId -> directory.shardIdOf(tenantId) == shardId,
            Status.UNAVAILABLE.withDescription("shard " + shardId + " stopped on this node; subscribe again (in a cluster, "
                + "at the node that runs it now)")));
        final ShardFactory shards = shardId -> newShard(settings, logicFactory, clock, shardId);
        final StartupConfigs startupConfigs = new StartupConfigs(config, START_TIMEOUT);
        final CompletableFuture<ActorSystem<EngineGuardian.Command>> controlPlane = new CompletableFuture<>();
        if (cluster.enabled())
        {
            // A shard can start here before the actor system is handed back: its files wait for it.
            directory.onStarted(shardId -> controlPlane.thenAccept(started -> startupConfigs.applyTo(started, directory, shardId)));
            // Bound before the actor system starts, so the role that announces it carries the port really bound.
            replicated = new ReplicatedShards(settings, cluster.replication(), logicFactory, priceStreams, clock,
                cluster.host() + ":" + cluster.port(),
                settings.tls().enabled() ? settings.tls().replicationServerContext() : null,
                settings.tls().enabled() ? settings.tls().replicationClientContext() : null);
        }
        else
        {
            replicated = null;
        }
        try
        {
            system = ActorSystem.create(
                cluster.enabled()
                    ? EngineGuardian.createClustered(replicated, directory, clock, settings.shardTimers(), cluster.replication().factor(),
                        cluster.minNodes())
                    : EngineGuardian.create(shards, directory, clock, settings.shardTimers()),
                ClusterSettings.SYSTEM,
                cluster.enabled() ? cluster.applyTo(config, replicated.replicationAddress()) : config);
        }
        catch (final RuntimeException ex)
        {
            if (replicated != null)
            {
                replicated.close();
            }
            throw ex;
        }
        controlPlane.complete(system);
        if (cluster.enabled())
        {
            // The actor system ends by itself only when the cluster removed this node (the split-brain resolver downed it,
            // say, after a pause): the node can no longer lead or follow anything until it starts again and rejoins.
            system.getWhenTerminated().thenRun(() ->
            {
                if (!closed)
                {
                    LOG.atError().addKeyValue("event", "removed-from-cluster")
                        .log("this node was removed from the cluster; its shards stopped. Start it again to rejoin as a follower");
                    removedFromCluster.complete(null);
                }
            });
        }
        awaitShards();
        if (!cluster.enabled())
        {
            try
            {
                startupConfigs.applyAll(system);
            }
            catch (final IllegalArgumentException refused)
            {
                stopControlPlane();
                throw refused;
            }
        }
        retention = replicated == null ? new RetentionRunner(settings, directory)
            : new RetentionRunner(settings, directory, replicated::heldElsewhere);
        stageMonitor = new StageMonitor(directory, STAGE_TICK, STAGE_WINDOW_TICKS);
        metrics = new EngineMetrics(directory, stageMonitor, settings.admin().tenantLabels());
        new OperationsMetrics(metrics.registry())
            .readiness(() -> readiness().ready())
            .snapshots(settings.shards(), shardId -> snapshotWriter(shardId) != null, this::lastSnapshotMillis,
                this::snapshotFailures, this::lastSnapshotHoldNanos, settings.journal().snapshotInterval())
            .journalDisk(settings.journalDir())
            .certificates(certificates);
        tracerProvider = tracingSettings.enabled() ? tracingSettings.start() : null;
        final CallTracing tracing = tracerProvider == null ? CallTracing.OFF
            : new CallTracing(tracerProvider, tracingSettings.samplingRatio(), stageMonitor::offerExemplar);
        if (replicated != null)
        {
            metrics.replication(replicated, settings.shards());
        }
        exporters = export.enabled()
            ? Exporters.create(export, settings.journalDir(), allShards(settings.shards()), new ExportMetrics(metrics.registry())).start()
            : null;
        final Authenticator authenticator = settings.auth().authenticator();
        final TenantQuotas quotas = settings.auth().quotas();
        BinaryFront binaryFront = null;
        AdminServer adminServer = null;
        GrpcFront grpcFront = null;
        try
        {
            grpcFront = GrpcFront.start(settings.host(), settings.port(), settings.grpcLimits(), grpcTls, new GrpcFront.Context(
                directory, clock, metrics, priceStreams, settings.pricingLimits(), settings.maxCommandBytes(), authenticator, quotas,
                system, this::snapshotWritten, tracing));
            if (settings.binary().enabled())
            {
                final BinarySettings options = settings.binary();
                binaryFront = new BinaryFront(options.host(), options.port(), options.ioThreads(), binaryTls,
                    new BinaryFront.Context(directory, clock, authenticator, quotas, metrics, options.maxFrameBytes(),
                        settings.maxCommandBytes(), options.maxInFlight(), settings.maxResultBytes(), options.handshakeTimeout()));
            }
            if (settings.admin().enabled())
            {
                adminServer = new AdminServer(settings.admin().host(), settings.admin().port(), metrics, stageMonitor, this::readiness);
            }
        }
        catch (final RuntimeException ex)
        {
            if (grpcFront != null)
            {
                grpcFront.stopNow();
            }
            if (binaryFront != null)
            {
                binaryFront.close();
            }
            retention.close();
            stageMonitor.close();
            if (exporters != null)
            {
                exporters.close();
            }
            stopTracing();
            stopControlPlane();
            throw ex;
        }
        grpc = grpcFront;
        binary = binaryFront;
        admin = adminServer;
        grpc.serving();
    }

    /**
     * Starts an engine with the engine's own logic.
     *
     * @param config the whole config: the {@code hotpath} block for the engine, {@code pekko} for its actors.
     */
    public static Engine start(final Config config)
    {
        final EngineSettings settings = EngineSettings.from(config);
        return new Engine(settings, config, ShardLogicFactory.engine(settings), new OffsetEpochNanoClock());
    }

    /**
     * Starts an engine whose shards run the logic {@code logicFactory} builds.
     */
    public static Engine start(final Config config, final ShardLogicFactory logicFactory)
    {
        return new Engine(EngineSettings.from(config), config, logicFactory, new OffsetEpochNanoClock());
    }

    /**
     * Starts an engine whose fronts stamp ingress times with {@code clock}: tests that compare two
     * engines command for command give both the same times.
     */
    static Engine start(final Config config, final ShardLogicFactory logicFactory, final EpochNanoClock clock)
    {
        return new Engine(EngineSettings.from(config), config, logicFactory, clock);
    }

    /**
     * @return the port the gRPC front listens on.
     */
    public int port()
    {
        return grpc.port();
    }

    public EngineSettings settings()
    {
        return settings;
    }

    public ShardDirectory directory()
    {
        return directory;
    }

    /**
     * @return the journal directory of one shard.
     */
    public Path shardJournal(final int shardId)
    {
        return JournalDescriptor.shardDir(settings.journalDir(), shardId);
    }

    /**
     * Blocks until the engine is closed.
     */
    public void awaitTermination() throws InterruptedException
    {
        grpc.awaitTermination();
    }

    /**
     * Stops taking calls, finishes those in flight, drains every shard and closes the journals.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        grpc.stopTakingCalls();
        priceStreams.close();
        final boolean callsFinished = grpc.awaitCalls(settings.shutdownGrace());
        if (binary != null)
        {
            binary.close();
        }
        retention.close();
        final boolean shardsStopped = stopControlPlane();
        if (exporters != null)
        {
            // After the shards: what they journaled last is published if the sink is there, and resumed from otherwise.
            exporters.close();
        }
        stageMonitor.close();
        stopTracing();
        if (admin != null)
        {
            admin.close();
        }
        drained = callsFinished && shardsStopped;
    }

    private void stopTracing()
    {
        if (tracerProvider != null)
        {
            // Ends the spans of calls still open and sends what is queued, within the timeout.
            tracerProvider.shutdown().join(tracingSettings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long lastSnapshotMillis(final int shardId)
    {
        final SnapshotWriter writer = snapshotWriter(shardId);
        return writer == null ? 0 : writer.lastWrittenMillis();
    }

    /**
     * Compiles what a snapshot runs on a thread of its own while the shards start, so that the first periodic snapshot does
     * not hold its shard's logic thread while it runs interpreted or as the first tier compiled it. It runs at the start,
     * then again a quarter and half an interval later: while the engine starts, the optimizing compiler's queue is long,
     * and the JIT leaves code it has compiled once, with profiling, at that tier until it is called again. Run once, the
     * warm-up left the snapshot's hashing and encoding there, and the first snapshot ran them several times as slowly as
     * the later ones while C2 compiled them (-XX:+PrintCompilation in a soak).
     */
    private static void warmSnapshotCode(final Duration interval)
    {
        final long pauseMillis = Math.max(1, interval.toMillis() / 4);
        final Thread warmUp = new Thread(() ->
        {
            try
            {
                for (int round = 0; round < WARM_UP_ROUNDS; round++)
                {
                    if (round > 0)
                    {
                        Thread.sleep(pauseMillis);
                    }
                    final long started = System.nanoTime();
                    final long work = ShardLogicFactory.warmSnapshotCode();
                    LOG.debug("snapshot code warmed up in {} ms ({})", (System.nanoTime() - started) / 1_000_000, work);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "hotpath-snapshot-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private long lastSnapshotHoldNanos(final int shardId)
    {
        final SnapshotWriter writer = snapshotWriter(shardId);
        return writer == null ? 0 : writer.lastHeldNanos();
    }

    private long snapshotFailures(final int shardId)
    {
        final SnapshotWriter writer = snapshotWriter(shardId);
        return writer == null ? 0 : writer.failures();
    }

    /**
     * @return the writer storing this node's snapshots of the shard, or null when it stores none: a shard not running
     *         here, or, in a cluster, one this node leads while its followers store the snapshots.
     */
    private SnapshotWriter snapshotWriter(final int shardId)
    {
        if (replicated != null)
        {
            return replicated.storingSnapshots(shardId);
        }
        return directory.shard(shardId) == null ? null : snapshotWriters.get(shardId);
    }

    /**
     * @return after {@link #close()}: true if every call in flight finished within the grace period and every shard
     *         drained and closed its journal; false if calls were cancelled or the control plane did not stop cleanly.
     */
    public boolean drained()
    {
        return drained;
    }

    /**
     * @return the port of the HTTP admin endpoint, or -1 when it is off.
     */
    public int adminPort()
    {
        return admin == null ? -1 : admin.port();
    }

    /**
     * @return the port of the binary front, or -1 when it is off.
     */
    public int binaryPort()
    {
        return binary == null ? -1 : binary.port();
    }

    /**
     * @return the reader of every shard's stage latency.
     */
    public StageMonitor stageMonitor()
    {
        return stageMonitor;
    }

    /**
     * @return completes if the cluster removes this node while it runs (not on {@link #close()}).
     */
    public CompletableFuture<Void> removedFromCluster()
    {
        return removedFromCluster;
    }

    /**
     * @return whether this engine is a cluster node, and how it joined.
     */
    public ClusterSettings cluster()
    {
        return cluster;
    }

    /**
     * @return ready when every shard runs (in a cluster: every shard this node was given) and the engine is not shutting
     *         down.
     */
    AdminServer.Readiness readiness()
    {
        if (closed)
        {
            return new AdminServer.Readiness(false, "shutting down");
        }
        int here = 0;
        for (int shardId = 0; shardId < directory.shardCount(); shardId++)
        {
            final Shard shard = directory.shard(shardId);
            if (shard != null && !shard.isRunning())
            {
                return new AdminServer.Readiness(false, "shard " + shardId + " is not running");
            }
            if (shard == null && !cluster.enabled())
            {
                return new AdminServer.Readiness(false, "shard " + shardId + " is not started");
            }
            here += shard == null ? 0 : 1;
        }
        final String exportFailing = exporters == null ? null : exporters.failing();
        if (exportFailing != null && exporters.settings().failReadiness())
        {
            return new AdminServer.Readiness(false, exportFailing);
        }
        final String exportNote = exportFailing == null ? "" : "; " + exportFailing;
        // A cluster node runs the shards it is given, maybe none: it is ready to answer, or to name the owner.
        if (replicated != null)
        {
            return new AdminServer.Readiness(true, replicated.describeRoles() + exportNote);
        }
        return new AdminServer.Readiness(true, here + " of " + directory.shardCount() + " shards running here" + exportNote);
    }

    /**
     * @return the exporters config enabled, or null.
     */
    public Exporters exporters()
    {
        return exporters;
    }

    private static int[] allShards(final int shards)
    {
        final int[] all = new int[shards];
        for (int shardId = 0; shardId < shards; shardId++)
        {
            all[shardId] = shardId;
        }
        return all;
    }

    /**
     * @return how shard {@code shardId} was recovered when the engine started.
     */
    public ShardRecovery.Summary recovery(final int shardId)
    {
        return recoveries.get(shardId);
    }

    /**
     * @return the engine's price streams.
     */
    public PriceStreamHub priceStreams()
    {
        return priceStreams;
    }

    private Shard newShard(
        final EngineSettings settings, final ShardLogicFactory logicFactory, final EpochNanoClock clock, final int shardId)
    {
        final Path shardDir = JournalDescriptor.shardDir(settings.journalDir(), shardId);
        // Owned before recovery reads the journal, released when the shard's journal closes (after the shard's snapshot
        // thread has written what it was given): another engine on the same disk (a node that has not yet let go of the
        // shard) is refused, and the start is tried again.
        final JournalOwnership ownership = JournalOwnership.acquire(shardDir);
        final FileSnapshotStore snapshots =
            new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.journal().snapshotsKept());
        final SnapshotWriter writer = new SnapshotWriter(snapshots, "hotpath-shard-" + shardId + "-snapshots");
        // A shard that ran here before (and moved away) left a closed one.
        snapshotWriters.put(shardId, writer);
        try
        {
            final ShardOutbox outbox = new ShardOutbox(settings.pricingLimits().outboxCapacity());
            // Replaying the journal must not send price updates: their streams belonged to the process before.
            outbox.mute(true);
            final long started = System.nanoTime();
            final ShardRecovery.Recovery recovery =
                ShardRecovery.recover(shardDir, () -> logicFactory.create(shardId, writer, outbox), snapshots);
            outbox.mute(false);
            if (recovery.engineSequence() > 0)
            {
                final long millis = (System.nanoTime() - started) / 1_000_000;
                final long stateHash = recovery.logic().stateHash(recovery.engineSequence());
                LOG.atInfo().addKeyValue("event", "recovered").addKeyValue("shard", shardId)
                    .addKeyValue("engine_sequence", recovery.engineSequence()).addKeyValue("millis", millis)
                    .addKeyValue("snapshot_sequence", recovery.snapshotSequence()).addKeyValue("replayed", recovery.replayed())
                    .addKeyValue("state_hash", Long.toHexString(stateHash))
                    .log("shard {} recovered to engine sequence {} in {} ms: snapshot {} at {}, then {} journaled commands; "
                        + "state hash {}", shardId, recovery.engineSequence(), millis,
                        recovery.snapshot() == null ? "none" : recovery.snapshot().getFileName(), recovery.snapshotSequence(),
                        recovery.replayed(), Long.toHexString(stateHash));
            }
            recoveries.put(shardId, recovery.summary());
            return new Shard(
                settings.shardContext(shardId),
                ChronicleJournal.open(shardDir, settings.durability(), settings.journal().rollCycle())
                    .ownedBy(ownership, writer),
                recovery.logic(),
                recovery.engineSequence(),
                clock,
                outbox,
                priceStreams.feed(shardId),
                null);
        }
        catch (final RuntimeException ex)
        {
            writer.close();
            ownership.close();
            throw ex;
        }
    }

    /**
     * Ends a price subscription in its shard through the control plane, which retries while the
     * ring is full: a cancelled stream must not leave its shard following prices for no one.
     */
    private void unsubscribe(final long tenantId, final long subscriptionId)
    {
        final ControlCommand command = new ControlCommand.Domain(tenantId,
            (buffer, correlationId, ingressTime) -> UnsubscribePricesCommand.encode(buffer, tenantId, correlationId, ingressTime,
                subscriptionId));
        system.tell(new EngineGuardian.TenantControl(command, system.ignoreRef()));
    }

    /**
     * Leaves the cluster through Pekko's coordinated shutdown: the shards here are handed off (each drains and closes its
     * journal before another node starts it), the node leaves, and the actor system ends.
     */
    private boolean leaveCluster()
    {
        try
        {
            CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterLeavingReason())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
            return true;
        }
        catch (final Exception ex)
        {
            LOG.error("the node did not leave the cluster cleanly", ex);
            return false;
        }
    }

    private void awaitShards()
    {
        final EngineGuardian.Ready ready = AskPattern.<EngineGuardian.Command, EngineGuardian.Ready>ask(
                system, EngineGuardian.AwaitReady::new, START_TIMEOUT, system.scheduler())
            .toCompletableFuture()
            .join();
        if (!ready.ok())
        {
            stopControlPlane();
            throw new IllegalStateException("shards did not start: " + ready.failure());
        }
    }

    /**
     * @return completes with true once the snapshot shard {@code shardId} took at {@code engineSequence} is on disk.
     */
    private CompletableFuture<Boolean> snapshotWritten(final int shardId, final long engineSequence)
    {
        if (replicated != null)
        {
            return replicated.snapshotWritten(shardId, engineSequence);
        }
        final SnapshotWriter writer = snapshotWriters.get(shardId);
        return writer == null ? CompletableFuture.completedFuture(false) : writer.written(engineSequence);
    }

    /**
     * @return true if the shards stopped and the actor system ended cleanly.
     */
    private boolean stopControlPlane()
    {
        boolean clean = true;
        if (cluster.enabled())
        {
            // Hands the shards off, leaves, and ends the actor system.
            clean = leaveCluster();
        }
        else
        {
            try
            {
                AskPattern.<EngineGuardian.Command, EngineGuardian.Stopped>ask(
                        system, EngineGuardian.Stop::new, Duration.ofSeconds(60), system.scheduler())
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            }
            catch (final Exception ex)
            {
                LOG.error("shards did not stop cleanly", ex);
                clean = false;
            }
        }
        system.terminate();
        try
        {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            LOG.error("actor system did not terminate", ex);
            clean = false;
        }
        if (replicated != null)
        {
            // After the shards it leads have drained: their last results waited for these followers' acknowledgements.
            replicated.close();
        }
        return clean;
    }
}
