package io.hotpath.replication;

import io.hotpath.core.shard.Replication;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of a replicated shard: its {@link Replication}, one {@link FollowerLink} per follower.
 *
 * <p>The replicator thread gathers each ring batch into one ENTRIES frame (each command as journaled, with its CRC32C and
 * the CRC32C of its result) and writes it to every follower that follows the live stream; a follower still catching up,
 * or one whose connection cannot take more, misses it, notices the gap and is sent the commands again from the journal.
 * Per batch that is one pooled buffer and one write per follower; per command, nothing is allocated.
 *
 * <p>The egress thread holds each result until {@link ReplicationPolicy#minAcks()} followers acknowledged its command. A
 * follower that answers with a newer epoch fences this leader: from then on it takes nothing and releases nothing as a
 * success, whatever the policy.
 */
public final class LeaderReplicator implements Replication, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LeaderReplicator.class);

    final int shardId;
    final long epoch;
    final String self;
    final Path shardDir;
    final EpochHistory history;
    final int snapshotsKept;
    final EventLoopGroup group;
    final SslContext tls;
    private final ReplicationPolicy policy;
    private final List<FollowerLink> links = new CopyOnWriteArrayList<>();
    private final CRC32C crc = new CRC32C();
    private final BackoffIdleStrategy idle =
        new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    private final AtomicLong degraded = new AtomicLong();
    private volatile long fencedBy;
    private volatile long replicated;
    private volatile boolean closed;
    private boolean reportedTooFew;
    private ByteBuf batch;
    private int batchCount;

    /**
     * @param self     this node's name, for the followers' logs.
     * @param history  the shard's epochs, this one last.
     * @param replicated the engine sequence of the last command already in the journal when this leader starts.
     */
    public LeaderReplicator(final int shardId, final long epoch, final String self, final Path shardDir, final EpochHistory history,
        final long replicated, final int snapshotsKept, final ReplicationPolicy policy, final EventLoopGroup group, final SslContext tls)
    {
        this.shardId = shardId;
        this.epoch = epoch;
        this.self = self;
        this.shardDir = shardDir;
        this.history = history;
        this.replicated = replicated;
        this.snapshotsKept = snapshotsKept;
        this.policy = policy;
        this.group = group;
        this.tls = tls;
    }

    /**
     * Replicates to exactly these followers from now on: links to new ones open, links to others close.
     */
    public synchronized void followers(final List<InetSocketAddress> addresses)
    {
        if (closed)
        {
            return;
        }
        for (final FollowerLink link : links)
        {
            if (!addresses.contains(link.address()))
            {
                links.remove(link);
                link.close();
            }
        }
        for (final InetSocketAddress address : addresses)
        {
            if (links.stream().noneMatch(link -> link.address().equals(address)))
            {
                final FollowerLink link = new FollowerLink(this, address);
                links.add(link);
                link.connect();
            }
        }
    }

    @Override
    public boolean admits()
    {
        return fencedBy == 0 && (policy.onTooFew() == ReplicationPolicy.OnTooFew.DEGRADE || liveFollowers() >= policy.minAcks());
    }

    @Override
    public void replicate(final long engineSequence, final DirectBuffer command, final int commandLength, final DirectBuffer result,
        final int resultLength)
    {
        if (links.isEmpty())
        {
            replicated = engineSequence;
            return;
        }
        if (batch == null)
        {
            batch = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
            batch.writeByte(Frames.ENTRIES).writeByte(1).writeIntLE(0);
            batchCount = 0;
        }
        batch.writeLongLE(engineSequence).writeIntLE(commandLength + 4);
        batch.writeBytes(command.byteArray(), command.wrapAdjustment(), commandLength);
        batch.writeIntLE(checksum(command, commandLength));
        batch.writeIntLE(checksum(result, resultLength)).writeByte(1);
        batchCount++;
        replicated = engineSequence;
    }

    @Override
    public void endOfBatch()
    {
        if (batch == null)
        {
            return;
        }
        batch.setIntLE(2, batchCount);
        awaitWritable();
        for (int i = 0, n = links.size(); i < n; i++)
        {
            final Channel channel = links.get(i).attachedChannel();
            if (channel != null && channel.isWritable())
            {
                channel.writeAndFlush(batch.retainedDuplicate(), channel.voidPromise());
            }
        }
        batch.release();
        batch = null;
    }

    /**
     * Backpressure: while fewer than min-acks live followers can take a write, the replicator waits for them (bounded by the
     * ack timeout), so a ring that outruns its followers fills and refuses at intake rather than timing results out. A
     * follower that cannot take a batch while enough others can misses it, and catches up from the journal.
     */
    private void awaitWritable()
    {
        final int needed = policy.minAcks();
        long deadline = 0;
        while (fencedBy == 0 && !closed)
        {
            int writable = 0;
            int live = 0;
            for (int i = 0, n = links.size(); i < n; i++)
            {
                final FollowerLink link = links.get(i);
                if (link.live())
                {
                    live++;
                    final Channel channel = link.attachedChannel();
                    writable += channel != null && channel.isWritable() ? 1 : 0;
                }
            }
            if (writable >= needed || live < needed)
            {
                return;
            }
            final long now = System.nanoTime();
            if (deadline == 0)
            {
                deadline = now + policy.ackTimeout().toNanos();
            }
            else if (now - deadline > 0)
            {
                return;
            }
            LockSupport.parkNanos(50_000);
        }
    }

    @Override
    public boolean awaitAcknowledged(final long engineSequence)
    {
        final int needed = policy.minAcks();
        if (needed == 0)
        {
            return fencedBy == 0;
        }
        long deadline = 0;
        idle.reset();
        while (true)
        {
            if (fencedBy != 0)
            {
                return false;
            }
            int acked = 0;
            int hopeful = 0;
            for (int i = 0, n = links.size(); i < n; i++)
            {
                final FollowerLink link = links.get(i);
                if (link.acked() >= engineSequence)
                {
                    acked++;
                }
                else if (link.live())
                {
                    hopeful++;
                }
            }
            if (acked >= needed)
            {
                reportedTooFew = false;
                return true;
            }
            final long now = System.nanoTime();
            if (deadline == 0)
            {
                deadline = now + policy.ackTimeout().toNanos();
            }
            if (acked + hopeful < needed || now - deadline > 0)
            {
                return tooFew(engineSequence, acked);
            }
            idle.idle();
        }
    }

    private boolean tooFew(final long engineSequence, final int acked)
    {
        final boolean degrade = policy.onTooFew() == ReplicationPolicy.OnTooFew.DEGRADE;
        if (!reportedTooFew)
        {
            reportedTooFew = true;
            LOG.atWarn().addKeyValue("event", degrade ? "degraded" : "unacknowledged").addKeyValue("shard", shardId)
                .addKeyValue("engine_sequence", engineSequence)
                .log("shard {}: {} of {} followers acknowledged engine sequence {} in time; {}", shardId, acked, policy.minAcks(),
                    engineSequence, degrade ? "answering on the leader's copy alone (degraded)" : "answering UNAVAILABLE");
        }
        if (degrade)
        {
            degraded.incrementAndGet();
        }
        return degrade;
    }

    /**
     * @return followers that follow the live stream.
     */
    public int liveFollowers()
    {
        // Indexed, not iterated: admits() asks on every publish, and an iterator would be garbage.
        int live = 0;
        for (int i = 0, n = links.size(); i < n; i++)
        {
            live += links.get(i).live() ? 1 : 0;
        }
        return live;
    }

    /**
     * @return the commands the slowest follower has yet to acknowledge; 0 without followers.
     */
    public long followerLag()
    {
        long lag = 0;
        for (final FollowerLink link : links)
        {
            lag = Math.max(lag, replicated - link.acked());
        }
        return Math.max(0, lag);
    }

    /**
     * @return the engine sequence every follower assigned to this leader has acknowledged (a follower that never connected
     *         has acknowledged nothing): retention keeps every cycle after it.
     */
    public long heldByEveryFollower()
    {
        long held = replicated;
        for (final FollowerLink link : links)
        {
            held = Math.min(held, link.acked());
        }
        return held;
    }

    /**
     * @return results released on the leader's copy alone, under the degrade policy.
     */
    public long degraded()
    {
        return degraded.get();
    }

    /**
     * @return the epoch of the follower that fenced this leader, 0 while it is not fenced.
     */
    public long fencedBy()
    {
        return fencedBy;
    }

    public long epoch()
    {
        return epoch;
    }

    /**
     * @return the followers' addresses and how each stands, for logs and health.
     */
    public List<String> describeFollowers()
    {
        final List<String> described = new ArrayList<>();
        for (final FollowerLink link : links)
        {
            described.add(link.address().getHostString() + ":" + link.address().getPort() + (link.live() ? " live" : " catching up")
                + " at " + link.acked());
        }
        return described;
    }

    /**
     * @return the engine sequence of the last command handed to the followers (or, without followers, decided).
     */
    public long replicated()
    {
        return replicated;
    }

    void fence(final long newerEpoch, final InetSocketAddress by)
    {
        if (fencedBy == 0)
        {
            fencedBy = newerEpoch;
            LOG.atError().addKeyValue("event", "leader-fenced").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
                .addKeyValue("newer_epoch", newerEpoch)
                .log("shard {}: {} holds epoch {}, newer than this leader's {}; this leader is fenced and answers nothing more",
                    shardId, by == null ? "this node" : "follower " + by, newerEpoch, epoch);
        }
    }

    /**
     * This node learned of a newer epoch of the shard (its leader no longer): it takes and releases nothing more.
     */
    public void fenceLocally(final long newerEpoch)
    {
        fence(newerEpoch, null);
    }

    boolean isClosed()
    {
        return closed;
    }

    @Override
    public synchronized void close()
    {
        closed = true;
        for (final FollowerLink link : links)
        {
            link.close();
        }
        links.clear();
    }

    private int checksum(final DirectBuffer buffer, final int length)
    {
        crc.reset();
        crc.update(buffer.byteArray(), buffer.wrapAdjustment(), length);
        return (int)crc.getValue();
    }
}
