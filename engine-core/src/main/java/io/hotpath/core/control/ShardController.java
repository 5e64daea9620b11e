package io.hotpath.core.control;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.sbe.SnapshotTakenDecoder;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one shard's life: starts it, publishes control commands into its ring, and on stop drains it
 * and closes its journal. Runs on the blocking dispatcher, because start and stop touch the disk.
 *
 * <p>A control command that meets a full ring is retried on a timer, never by blocking, up to
 * {@link #MAX_ATTEMPTS} times, and then refused as overloaded.
 *
 * <p>At a fixed interval it publishes a {@code Tick}, so that time-driven changes (a promotion
 * starting, a demand signal decaying) happen at a journaled point, and at another a
 * {@code TakeSnapshot}, so that a restart replays little journal. A tick or a snapshot that meets a
 * full ring is skipped: the next one does its work. A shard recovered from its snapshot and journal
 * gets a {@code Recovered} first, so what belonged to the process before ends at a journaled point; a replicated shard's
 * new leader gets its {@code LeaderElected} first instead, for the same reason and to journal its epoch.
 */
final class ShardController extends AbstractBehavior<ShardController.Command>
{
    static final int MAX_ATTEMPTS = 200;
    private static final Duration RETRY_DELAY = Duration.ofMillis(5);

    sealed interface Command
    {
    }

    record Publish(ControlCommand command, ActorRef<ControlReply> replyTo, int attempt) implements Command
    {
    }

    enum StopShard implements Command
    {
        INSTANCE
    }

    enum PublishTick implements Command
    {
        INSTANCE
    }

    enum PublishSnapshot implements Command
    {
        INSTANCE
    }

    private static final ControlCommand TICK = new ControlCommand.Tick();
    private static final ControlCommand RECOVERED = new ControlCommand.Recovered();
    private static final Logger LOG = LoggerFactory.getLogger(ShardController.class);

    private final int shardId;
    private final Shard shard;
    private final LocalShardDirectory directory;
    private final EpochNanoClock clock;
    private final TimerScheduler<Command> timers;
    private final AtomicLong correlationIds;

    static Behavior<Command> create(
        final int shardId,
        final ShardFactory factory,
        final LocalShardDirectory directory,
        final EpochNanoClock clock,
        final AtomicLong correlationIds,
        final ShardTimers shardTimers,
        final Runnable started,
        final ControlCommand first)
    {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        {
            final Shard shard = factory.create(shardId)
                .start(first == null ? null : first.source(correlationIds.incrementAndGet(), clock.nanoTime()));
            if (first == null && shard.startSequence() > 0
                && shard.tryPublish(RECOVERED.source(correlationIds.incrementAndGet(), clock.nanoTime()), null) != Shard.PUBLISHED)
            {
                LOG.error("shard {} could not mark its recovery; streams of the process before stay open in its state", shardId);
            }
            directory.register(shardId, shard);
            LOG.atInfo().addKeyValue("event", "shard-running").addKeyValue("shard", shardId)
                .addKeyValue("engine_sequence", shard.startSequence()).log("shard {} running here", shardId);
            started.run();
            directory.started(shardId);
            if (!shardTimers.tickInterval().isZero())
            {
                timers.startTimerWithFixedDelay(PublishTick.INSTANCE, shardTimers.tickInterval());
            }
            if (!shardTimers.snapshotInterval().isZero())
            {
                timers.startTimerWithFixedDelay(PublishSnapshot.INSTANCE,
                    shardTimers.firstSnapshotDelay(shardId, directory.shardCount()), shardTimers.snapshotInterval());
            }
            return new ShardController(context, shardId, shard, directory, clock, timers, correlationIds);
        }));
    }

    private ShardController(
        final ActorContext<Command> context,
        final int shardId,
        final Shard shard,
        final LocalShardDirectory directory,
        final EpochNanoClock clock,
        final TimerScheduler<Command> timers,
        final AtomicLong correlationIds)
    {
        super(context);
        this.shardId = shardId;
        this.shard = shard;
        this.directory = directory;
        this.clock = clock;
        this.timers = timers;
        this.correlationIds = correlationIds;
    }

    @Override
    public Receive<Command> createReceive()
    {
        return newReceiveBuilder()
            .onMessage(Publish.class, this::onPublish)
            .onMessage(StopShard.class, stop -> Behaviors.stopped())
            .onMessage(PublishTick.class, tick -> onTick())
            .onMessage(PublishSnapshot.class, snapshot -> onSnapshot())
            .onSignal(PostStop.class, signal -> onPostStop())
            .build();
    }

    private Behavior<Command> onPublish(final Publish publish)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final ActorRef<ControlReply> replyTo = publish.replyTo();
        final int status = shard.tryPublish(
            publish.command().source(correlationId, clock.nanoTime()), event -> replyTo.tell(decode(event)));
        if (status == Shard.RING_FULL && publish.attempt() < MAX_ATTEMPTS)
        {
            timers.startSingleTimer(
                new Publish(publish.command(), replyTo, publish.attempt() + 1), RETRY_DELAY);
        }
        else if (status != Shard.PUBLISHED)
        {
            replyTo.tell(new ControlReply(status, null, 0, 0, "shard " + shardId + " refused the command"));
        }
        return this;
    }

    private Behavior<Command> onTick()
    {
        shard.tryPublish(TICK.source(correlationIds.incrementAndGet(), clock.nanoTime()), null);
        return this;
    }

    private Behavior<Command> onSnapshot()
    {
        final long now = clock.nanoTime();
        shard.tryPublish(new ControlCommand.TakeSnapshot(now / 1_000_000).source(correlationIds.incrementAndGet(), now), null);
        return this;
    }

    /**
     * Stopping by message or by the system's termination both end here: drain, then close.
     */
    private Behavior<Command> onPostStop()
    {
        directory.unregister(shardId);
        shard.close();
        LOG.atInfo().addKeyValue("event", "shard-stopped").addKeyValue("shard", shardId).log("shard {} stopped here", shardId);
        directory.stopped(shardId);
        return this;
    }

    /**
     * Runs on the egress thread; allocation is fine here, control commands are rare.
     */
    static ControlReply decode(final ShardEvent event)
    {
        final DirectBuffer result = event.result();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(result, 0);
        final ResultMetaDecoder meta = new ResultMetaDecoder().wrap(result, MessageHeaderDecoder.ENCODED_LENGTH);
        long hash = 0;
        String detail = "";
        switch (header.templateId())
        {
            case ConfigAppliedDecoder.TEMPLATE_ID:
                hash = new ConfigAppliedDecoder().wrapAndApplyHeader(result, 0, header).configHash();
                break;
            case SnapshotTakenDecoder.TEMPLATE_ID:
                hash = new SnapshotTakenDecoder().wrapAndApplyHeader(result, 0, header).stateHash();
                break;
            case CommandFailedDecoder.TEMPLATE_ID:
                detail = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).reason();
                break;
            default:
                break;
        }
        return new ControlReply(Shard.PUBLISHED, meta.code(), meta.engineSequence(), hash, detail);
    }
}
