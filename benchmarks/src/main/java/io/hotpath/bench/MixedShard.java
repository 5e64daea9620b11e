package io.hotpath.bench;

import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.logic.IdempotencyLimits;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.fraud.FraudLimits;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.Durability;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.pricing.PricingLimits;
import io.hotpath.replication.EpochHistory;
import io.hotpath.replication.FollowerReplica;
import io.hotpath.replication.FollowerSettings;
import io.hotpath.replication.LeaderReplicator;
import io.hotpath.replication.ReplicaLogic;
import io.hotpath.replication.ReplicationPolicy;
import io.hotpath.replication.ReplicationServer;
import io.hotpath.replication.ReplicationTransport;
import io.hotpath.server.ShardLogicFactory;
import io.hotpath.workload.MixedWorkload;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One shard of the whole engine logic (routing, fraud, pricing) journaling to Chronicle, fed the
 * engine's mixed workload (payment decisions, outcomes, labels, quotes, validations, market data,
 * subscriptions, ticks) from commands encoded before the run: the set-up commands (configs, FX rates)
 * are published first and waited for, then {@link #publishNext()} publishes the rest in turn,
 * starting again from the first after the last.
 *
 * <p>Not thread-safe: one publisher.
 */
final class MixedShard implements AutoCloseable
{
    private final Shard shard;
    private final UnsafeBuffer commands;
    private final int[] offsets;
    private final int[] lengths;
    private final Slice slice = new Slice();
    private final AtomicLong answered = new AtomicLong();
    private final ResultListener counted = event -> answered.lazySet(answered.get() + 1);
    private int next;
    private final Follower follower;

    /**
     * @param count commands encoded ahead, a power of two.
     */
    MixedShard(final Path dir, final Durability durability, final WaitStrategyKind waitStrategy, final int count)
    {
        this(dir, durability, waitStrategy, ShardThreading.forHost(Runtime.getRuntime().availableProcessors()), count, false, false);
    }

    /**
     * @param threading  a thread per stage, or one for all.
     * @param replicated true: the shard leads a follower in this process, on its own journal, over loopback TCP, and each
     *                   result waits for the follower's acknowledgement (min-acks 1).
     * @param decisionsOnly true: after the set-up, payment decisions only ({@link MixedWorkload#decisionsOnly()}).
     */
    MixedShard(final Path dir, final Durability durability, final WaitStrategyKind waitStrategy, final ShardThreading threading,
        final int count, final boolean replicated, final boolean decisionsOnly)
    {
        this(dir, durability, waitStrategy, threading, count, replicated, decisionsOnly, FraudLimits.DEFAULTS);
    }

    /**
     * @param fraud the velocity store's size and the labels held, as {@code hotpath.fraud.limits} sets them.
     */
    MixedShard(final Path dir, final Durability durability, final WaitStrategyKind waitStrategy, final ShardThreading threading,
        final int count, final boolean replicated, final boolean decisionsOnly, final FraudLimits fraud)
    {
        this(dir, durability, waitStrategy, threading, count, replicated, decisionsOnly, fraud, ShardContext.DEFAULT_RING_SIZE);
    }

    /**
     * @param ringSize slots in the shard's ring ({@code hotpath.ring.size}).
     */
    MixedShard(final Path dir, final Durability durability, final WaitStrategyKind waitStrategy, final ShardThreading threading,
        final int count, final boolean replicated, final boolean decisionsOnly, final FraudLimits fraud, final int ringSize)
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final Path leaderDir = replicated ? dir.resolve("leader") : dir;
        final ShardLogicFactory logic =
            ShardLogicFactory.engine(1024, PricingLimits.DEFAULTS, IdempotencyLimits.DEFAULTS, fraud, UnaryOperator.identity());
        follower = replicated ? new Follower(dir.resolve("follower"), leaderDir, durability, logic) : null;
        shard = new Shard(ShardContext.defaults(0).withRingSize(ringSize).withWaitStrategy(waitStrategy).withThreading(threading),
            ChronicleJournal.open(leaderDir, durability),
            logic.create(0, new FileSnapshotStore(leaderDir.resolve("snapshots"))), 0, clock, null, null,
            follower == null ? null : follower.replicator).start();
        if (follower != null)
        {
            follower.awaitLive();
        }
        final MixedWorkload workload = new MixedWorkload(1, 8, clock.nanoTime());
        if (decisionsOnly)
        {
            workload.decisionsOnly();
        }
        final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(1 << 14);
        for (int i = 0; i < workload.setUpCommands(); i++)
        {
            final int length = workload.next(encoded);
            publish(encoded, 0, length);
        }
        awaitAnswers(workload.setUpCommands());

        offsets = new int[count];
        lengths = new int[count];
        commands = new UnsafeBuffer(ByteBuffer.allocateDirect(count * 512));
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            final int length = workload.next(encoded);
            if (offset + length > commands.capacity())
            {
                throw new IllegalStateException("commands longer than 512 bytes on average");
            }
            commands.putBytes(offset, encoded, 0, length);
            offsets[i] = offset;
            lengths[i] = length;
            offset += length;
        }
    }

    /**
     * @return the publish status: {@link Shard#PUBLISHED}, after waiting out a full ring.
     */
    /**
     * @return keys {@code table} has given up so far, as the logic last reported them.
     */
    long evictions(final EvictingTable table)
    {
        return shard.counters().evictions(table);
    }

    int publishNext()
    {
        final int i = next;
        next = (i + 1) & (offsets.length - 1);
        return publish(commands, offsets[i], lengths[i]);
    }

    long answered()
    {
        return answered.get();
    }

    void awaitAnswers(final long count)
    {
        while (answered.get() < count)
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close()
    {
        shard.close();
        if (follower != null)
        {
            follower.close();
        }
    }

    /**
     * A follower in this process, and the leader's side of the link to it.
     */
    private static final class Follower implements AutoCloseable
    {
        private final EventLoopGroup group = ReplicationTransport.eventLoop();
        private final FollowerReplica replica;
        private final ReplicationServer server;
        private final LeaderReplicator replicator;

        Follower(final Path followerDir, final Path leaderDir, final Durability durability, final ShardLogicFactory logic)
        {
            replica = new FollowerReplica(0, followerDir, new FollowerSettings(durability, RollCycles.FAST_HOURLY, 3), snapshots ->
            {
                final ShardOutbox outbox = new ShardOutbox(1024);
                return new ReplicaLogic.Built(logic.create(0, snapshots, outbox), outbox);
            }, 1);
            server = new ReplicationServer("127.0.0.1", 0, null, group, shardId -> replica);
            replicator = new LeaderReplicator(0, 1, "bench", leaderDir, EpochHistory.of(1, 1), 0, 3,
                new ReplicationPolicy(1, ReplicationPolicy.OnTooFew.REFUSE, Duration.ofSeconds(5)), group, null);
        }

        void awaitLive()
        {
            replicator.followers(List.of(new InetSocketAddress("127.0.0.1", server.port())));
            while (replicator.liveFollowers() < 1)
            {
                LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        public void close()
        {
            replicator.close();
            replica.close();
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private int publish(final DirectBuffer buffer, final int offset, final int length)
    {
        slice.wrap(buffer, offset, length);
        int status;
        while ((status = shard.tryPublish(slice, counted)) == Shard.RING_FULL)
        {
            // Yield rather than spin: on a small host the publisher's spinning takes the core the shard needs to drain.
            Thread.yield();
        }
        return status;
    }

    /**
     * An encoded command, copied into the ring slot.
     */
    private static final class Slice implements CommandSource
    {
        private DirectBuffer buffer;
        private int offset;
        private int length;

        void wrap(final DirectBuffer source, final int at, final int bytes)
        {
            buffer = source;
            offset = at;
            length = bytes;
        }

        @Override
        public int encodeCommand(final MutableDirectBuffer slot)
        {
            slot.putBytes(0, buffer, offset, length);
            return length;
        }

        @Override
        public int encodedLength()
        {
            return length;
        }
    }
}
