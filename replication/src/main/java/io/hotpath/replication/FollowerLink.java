package io.hotpath.replication;

import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader's connection to one follower, reopened while the leader leads:
 *
 * <pre>
 *   connect --> OPEN --> POSITION(last epoch, last sequence)
 *     diverged (the epochs say its tail was never the leader's) --> RESET --> POSITION(0, 0)
 *     behind the journal's start, or empty while a snapshot exists --> SNAPSHOT
 *     then: live batches flow (the follower keeps what continues its journal), and a catch-up thread reads the journal
 *           from the follower's end, until the follower acknowledges as live; NEED restarts it where the follower says
 * </pre>
 */
final class FollowerLink
{
    private static final Logger LOG = LoggerFactory.getLogger(FollowerLink.class);
    private static final long RECONNECT_MILLIS = 300;
    private static final int CATCH_UP_FRAME = 256 * 1024;

    private final LeaderReplicator leader;
    private final InetSocketAddress address;
    private final AtomicLong acked = new AtomicLong();
    private volatile Channel channel;
    private volatile boolean attached;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile int catchUpGeneration;

    FollowerLink(final LeaderReplicator leader, final InetSocketAddress address)
    {
        this.leader = leader;
        this.address = address;
    }

    InetSocketAddress address()
    {
        return address;
    }

    long acked()
    {
        return acked.get();
    }

    boolean live()
    {
        return live;
    }

    /**
     * @return the connection if the follower has been told where to start, so live batches may go to it; null otherwise.
     */
    Channel attachedChannel()
    {
        return attached ? channel : null;
    }

    void connect()
    {
        if (closed)
        {
            return;
        }
        new Bootstrap()
            .group(leader.group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .handler(ReplicationTransport.pipeline(leader.tls, address, Handler::new))
            .connect(address)
            .addListener(done ->
            {
                if (!done.isSuccess())
                {
                    reconnectLater();
                }
            });
    }

    void close()
    {
        closed = true;
        catchUpGeneration++;
        final Channel open = channel;
        if (open != null)
        {
            open.close();
        }
    }

    private void reconnectLater()
    {
        if (!closed && !leader.isClosed())
        {
            leader.group.schedule(this::connect, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void onPosition(final Channel from, final long lastEpoch, final long lastSequence)
    {
        final long leaderLast = leader.replicated();
        final long common = leader.history.commonPrefix(lastEpoch, lastSequence, leaderLast);
        if (common < lastSequence)
        {
            LOG.atWarn().addKeyValue("event", "follower-diverged").addKeyValue("shard", leader.shardId)
                .addKeyValue("follower", address.toString()).addKeyValue("common", common)
                .log("shard {}: follower {} holds engine sequence {} of epoch {}, leaving this journal after {}; it starts again",
                    leader.shardId, address, lastSequence, lastEpoch, common);
            from.writeAndFlush(Frames.oneLong(from.alloc(), Frames.RESET, Math.max(common, 0)));
            return;
        }
        acked.set(lastSequence);
        startCatchUp(from, lastSequence + 1, true);
    }

    private void startCatchUp(final Channel from, final long start, final boolean handshake)
    {
        final int generation = ++catchUpGeneration;
        final Thread thread = new Thread(() -> catchUp(from, start, handshake, generation),
            "hotpath-shard-" + leader.shardId + "-catch-up-" + address.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Sends what the follower lacks, read back from the journal, until it follows the live stream.
     */
    private void catchUp(final Channel to, final long start, final boolean handshake, final int generation)
    {
        long from = start;
        try (JournalReader reader = JournalReader.open(leader.shardDir))
        {
            if (handshake)
            {
                final FileSnapshotStore store =
                    new FileSnapshotStore(JournalDescriptor.snapshotsDir(leader.shardDir), leader.snapshotsKept);
                final Optional<FileSnapshotStore.Snapshot> snapshot = store.latestValid();
                final boolean behind = from < reader.firstSequence();
                final boolean empty = from == 1 && snapshot.isPresent();
                if (behind || empty)
                {
                    if (snapshot.isEmpty() || snapshot.get().engineSequence() < reader.firstSequence() - 1)
                    {
                        LOG.error("shard {}: follower {} needs engine sequence {}, before this journal's first {}, and no snapshot "
                            + "covers the gap", leader.shardId, address, from, reader.firstSequence());
                        to.close();
                        return;
                    }
                    final FileSnapshotStore.Snapshot chosen = snapshot.get();
                    to.writeAndFlush(Frames.snapshot(to.alloc(), chosen.snapshotId(), chosen.engineSequence(), chosen.stateHash(),
                        chosen.state()));
                    from = chosen.engineSequence() + 1;
                    acked.set(chosen.engineSequence());
                }
                attached = true;
            }
            stream(reader.commands(), to, from, generation);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("shard {}: catching follower {} up failed; it will be tried again", leader.shardId, address, ex);
            to.close();
        }
    }

    private void stream(final CommandCursor cursor, final Channel to, final long from, final int generation)
    {
        final CRC32C crc = new CRC32C();
        byte[] scratch = new byte[4096];
        if (from > 1)
        {
            cursor.skipTo(from - 1);
        }
        ByteBuf frame = null;
        int count = 0;
        while (generation == catchUpGeneration && to.isActive() && !live)
        {
            if (cursor.next())
            {
                if (frame == null)
                {
                    frame = to.alloc().directBuffer(CATCH_UP_FRAME + 4096);
                    frame.writeByte(Frames.ENTRIES).writeByte(0).writeIntLE(0);
                    count = 0;
                }
                final int length = cursor.length();
                crc.reset();
                if (scratch.length < length)
                {
                    scratch = new byte[length];
                }
                cursor.command().getBytes(0, scratch, 0, length);
                crc.update(scratch, 0, length);
                frame.writeLongLE(cursor.sequence()).writeIntLE(length + 4).writeBytes(scratch, 0, length).writeIntLE((int)crc.getValue())
                    .writeIntLE(0).writeByte(0);
                count++;
                if (frame.readableBytes() < CATCH_UP_FRAME)
                {
                    continue;
                }
            }
            if (frame != null)
            {
                frame.setIntLE(2, count);
                while (!to.isWritable() && to.isActive() && generation == catchUpGeneration)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                to.writeAndFlush(frame);
                frame = null;
            }
            else if (acked.get() >= leader.replicated())
            {
                // At the journal's end, and the follower holds everything handed to the live stream: whatever comes next
                // reaches it live and continues its journal. An empty live frame tells it so.
                live = true;
                to.writeAndFlush(to.alloc().buffer(6).writeByte(Frames.ENTRIES).writeByte(1).writeIntLE(0));
                LOG.atInfo().addKeyValue("event", "follower-live").addKeyValue("shard", leader.shardId)
                    .addKeyValue("follower", address.toString()).addKeyValue("engine_sequence", acked.get())
                    .log("shard {}: follower {} caught up at engine sequence {}; it follows live", leader.shardId, address, acked.get());
            }
            else
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        if (frame != null)
        {
            frame.release();
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter
    {
        @Override
        public void channelActive(final ChannelHandlerContext context)
        {
            if (closed)
            {
                context.close();
                return;
            }
            channel = context.channel();
            context.writeAndFlush(Frames.open(context.alloc(), leader.shardId, leader.epoch, leader.self, leader.history,
                leader.replicated()));
        }

        @Override
        public void channelRead(final ChannelHandlerContext context, final Object message)
        {
            final ByteBuf frame = (ByteBuf)message;
            try
            {
                switch (frame.readByte())
                {
                    case Frames.POSITION -> onPosition(context.channel(), frame.readLongLE(), frame.readLongLE());
                    case Frames.ACK -> onAck(frame.readLongLE(), frame.readByte() != 0);
                    case Frames.NEED ->
                    {
                        live = false;
                        startCatchUp(context.channel(), frame.readLongLE(), false);
                    }
                    case Frames.FENCED -> leader.fence(frame.readLongLE(), address);
                    case Frames.REFUSED -> LOG.debug("shard {}: {} refused: {}", leader.shardId, address, Frames.readAscii(frame));
                    default -> LOG.warn("shard {}: unknown frame from follower {}", leader.shardId, address);
                }
            }
            finally
            {
                frame.release();
            }
        }

        private void onAck(final long sequence, final boolean nowLive)
        {
            acked.accumulateAndGet(sequence, Math::max);
            if (nowLive && !live)
            {
                LOG.atInfo().addKeyValue("event", "follower-live").addKeyValue("shard", leader.shardId)
                    .addKeyValue("follower", address.toString()).addKeyValue("engine_sequence", sequence)
                    .log("shard {}: follower {} follows live from engine sequence {}", leader.shardId, address, sequence);
                live = true;
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext context)
        {
            attached = false;
            live = false;
            catchUpGeneration++;
            channel = null;
            reconnectLater();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            LOG.debug("shard {}: replication to {} failed: {}", leader.shardId, address, cause.toString());
            context.close();
        }
    }
}
