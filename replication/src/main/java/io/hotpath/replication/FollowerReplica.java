package io.hotpath.replication;

import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalOwnership;
import io.hotpath.journal.SnapshotWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hot follower of one shard: appends every command its leader streams to a journal of its own, acknowledges it, then
 * applies it with the same logic, so that it holds the leader's state at every engine sequence and can lead at once.
 *
 * <pre>
 *   Netty event loop --offer(frame)--> inbox --> replica thread:
 *     OPEN      take the newer epoch (refuse an older one: FENCED), answer POSITION
 *     RESET     the journal left the leader's: set it aside whole (shard-N.diverged-...), start empty, answer POSITION
 *     SNAPSHOT  start from the leader's snapshot: an empty journal numbered from the command after it
 *     ENTRIES   append each next command (verifying its checksum), msync in sync mode, ACK, then apply each and check
 *               its result against the leader's checksum; a gap in the live stream asks for it again (NEED)
 * </pre>
 *
 * A result that differs from the leader's faults the replica: it is counted and logged, its copy is set aside, and it
 * bootstraps again from the leader. Every frame is handled under one lock, which {@link #fence} takes too: once a fence
 * returns, nothing from an older epoch is journaled or acknowledged here, so what {@link #holding()} reports is final for
 * that epoch.
 */
public final class FollowerReplica implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FollowerReplica.class);
    private static final int RESULT_CAPACITY = 64 * 1024;
    /** Frames waiting in the inbox at which the leader's connection stops being read (TCP then pushes back on the leader). */
    static final int INBOX_HIGH = 256;
    private static final int INBOX_LOW = 64;

    private final int shardId;
    private final Path shardDir;
    private final FollowerSettings settings;
    private final ReplicaLogic logicSource;
    private final LinkedBlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final Thread thread;
    private final CRC32C crc = new CRC32C();
    private final ExpandableArrayBuffer command = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(RESULT_CAPACITY);
    private final LongArrayList journalIndexes = new LongArrayList();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder meta = new CommandMetaDecoder();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong bootstraps = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean running = true;

    private volatile long acceptedEpoch;
    private volatile long lastSequence;
    private volatile EpochHistory history = EpochHistory.empty();
    private volatile long lastIngressNanos;
    private volatile boolean live;

    private ChronicleJournal journal;
    private ReplicaSnapshotSink sink;
    private volatile SnapshotWriter snapshots;
    private ReplicaLogic.Built built;
    private DecisionStage stage;
    private Channel channel;
    private long channelEpoch;
    private EpochHistory offered;
    private boolean adopted;

    /**
     * Opens the shard's copy on this node (recovering its logic from its snapshots and journal) and starts following.
     */
    public FollowerReplica(final int shardId, final Path shardDir, final FollowerSettings settings, final ReplicaLogic logicSource,
        final long acceptedEpoch)
    {
        this.shardId = shardId;
        this.shardDir = shardDir;
        this.settings = settings;
        this.logicSource = logicSource;
        this.acceptedEpoch = acceptedEpoch;
        openCopy();
        thread = new Thread(this::run, "hotpath-follower-" + shardId);
        thread.setDaemon(true);
        thread.start();
    }

    public int shardId()
    {
        return shardId;
    }

    /**
     * Takes a frame from the leader's connection; the replica releases it. Called on a Netty event loop: never blocks.
     */
    void offer(final Channel from, final ByteBuf frame)
    {
        inbox.add(new Inbound(from, frame));
        if (queued.incrementAndGet() > INBOX_HIGH && from.config().isAutoRead())
        {
            // Applying falls behind the stream: stop reading until the inbox drains, so the backlog stays in the leader's
            // journal (and its TCP window), not in this heap.
            from.config().setAutoRead(false);
        }
    }

    /**
     * From now on, refuses anything from an epoch older than {@code epoch}, and drops a leader connection of one. Returns
     * once no frame of an older epoch is being handled.
     */
    public void fence(final long epoch)
    {
        synchronized (lock)
        {
            if (epoch <= acceptedEpoch)
            {
                return;
            }
            acceptedEpoch = epoch;
            if (channel != null && channelEpoch < epoch)
            {
                LOG.atInfo().addKeyValue("event", "fenced").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
                    .log("shard {} follower: epoch {} begins; the leader of epoch {} is cut off", shardId, epoch, channelEpoch);
                detach();
            }
        }
    }

    /**
     * @return the epoch and engine sequence of the last command journaled here.
     */
    public Holding holding()
    {
        final long last = lastSequence;
        return new Holding(history.epochAt(last), last);
    }

    public long acceptedEpoch()
    {
        return acceptedEpoch;
    }

    /**
     * @return true while it follows the leader's live stream without a gap.
     */
    public boolean live()
    {
        return live;
    }

    /**
     * @return epoch nanoseconds of the ingress of the last command applied here, 0 before any.
     */
    public long lastIngressNanos()
    {
        return lastIngressNanos;
    }

    /**
     * @return nanoseconds between the ingress of the last command applied and {@code nowEpochNanos} while commands wait in
     *         this replica's inbox; 0 when it has applied everything it received.
     */
    public long lagNanos(final long nowEpochNanos)
    {
        final long last = lastIngressNanos;
        return inbox.isEmpty() || last == 0 ? 0 : Math.max(0, nowEpochNanos - last);
    }

    /**
     * @return results that differed from the leader's.
     */
    public long mismatches()
    {
        return mismatches.get();
    }

    /**
     * @return times it set its copy aside and started again from its leader.
     */
    public long bootstraps()
    {
        return bootstraps.get();
    }

    /**
     * What a promoted follower hands to the shard it becomes: its logic, current to {@code engineSequence}, the outbox the
     * logic stages into (still muted) and its snapshot sink.
     */
    /**
     * @return the writer of this copy's snapshots (a new one each time the copy starts afresh); null before the first.
     */
    public SnapshotWriter snapshotWriter()
    {
        return snapshots;
    }

    public record Promotion(ReplicaLogic.Built built, long engineSequence, ReplicaSnapshotSink sink, EpochHistory history)
    {
    }

    /**
     * Stops following and closes the journal (releasing the shard's ownership), keeping the logic for the leader.
     */
    public Promotion promote()
    {
        stopThread();
        synchronized (lock)
        {
            detach();
            journal.close();
            journal = null;
            return new Promotion(built, lastSequence, sink, history);
        }
    }

    @Override
    public void close()
    {
        stopThread();
        synchronized (lock)
        {
            detach();
            if (journal != null)
            {
                journal.close();
                journal = null;
            }
        }
        for (Inbound left = inbox.poll(); left != null; left = inbox.poll())
        {
            queued.decrementAndGet();
            left.frame().release();
        }
    }

    private void stopThread()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        while (running)
        {
            final Inbound in;
            try
            {
                in = inbox.poll(50, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (in == null)
            {
                continue;
            }
            if (queued.decrementAndGet() < INBOX_LOW && !in.channel().config().isAutoRead())
            {
                in.channel().config().setAutoRead(true);
            }
            synchronized (lock)
            {
                try
                {
                    handle(in.channel(), in.frame());
                }
                catch (final RuntimeException ex)
                {
                    LOG.error("shard {} follower: failed on a frame from its leader; dropping the connection", shardId, ex);
                    in.channel().close();
                }
                finally
                {
                    in.frame().release();
                }
            }
        }
    }

    private void handle(final Channel from, final ByteBuf frame)
    {
        final byte type = frame.readByte();
        if (type == Frames.OPEN)
        {
            onOpen(from, frame);
            return;
        }
        if (from != channel || channelEpoch < acceptedEpoch)
        {
            return;
        }
        switch (type)
        {
            case Frames.RESET -> onReset(frame.readLongLE());
            case Frames.SNAPSHOT -> onSnapshot(frame);
            case Frames.ENTRIES -> onEntries(frame);
            default -> LOG.warn("shard {} follower: unknown frame type {}", shardId, type);
        }
    }

    private void onOpen(final Channel from, final ByteBuf frame)
    {
        frame.readIntLE();
        final long epoch = frame.readLongLE();
        final String leader = Frames.readAscii(frame);
        final int count = frame.readIntLE();
        final long[] pairs = new long[count * 2];
        for (int i = 0; i < pairs.length; i++)
        {
            pairs[i] = frame.readLongLE();
        }
        if (epoch < acceptedEpoch)
        {
            LOG.warn("shard {} follower: refused leader {} of epoch {}, older than {}", shardId, leader, epoch, acceptedEpoch);
            from.writeAndFlush(Frames.oneLong(from.alloc(), Frames.FENCED, acceptedEpoch)).addListener(f -> from.close());
            return;
        }
        acceptedEpoch = epoch;
        if (channel != null && channel != from)
        {
            channel.close();
        }
        channel = from;
        channelEpoch = epoch;
        live = false;
        offered = EpochHistory.of(pairs);
        adopted = false;
        LOG.atInfo().addKeyValue("event", "following").addKeyValue("shard", shardId).addKeyValue("epoch", epoch)
            .log("shard {} follows {} in epoch {} from engine sequence {}", shardId, leader, epoch, lastSequence);
        final Holding holding = holding();
        from.writeAndFlush(Frames.twoLongs(from.alloc(), Frames.POSITION, holding.lastEpoch(), holding.lastSequence()));
    }

    /**
     * The leader found that this copy leaves its journal after {@code common}: what follows was never acknowledged.
     */
    private void onReset(final long common)
    {
        LOG.atWarn().addKeyValue("event", "diverged").addKeyValue("shard", shardId).addKeyValue("common", common)
            .addKeyValue("last", lastSequence)
            .log("shard {} follower: its journal leaves the leader's after engine sequence {} (it holds {}); the commands after "
                + "that were never acknowledged. Setting the copy aside and starting again from the leader", shardId, common,
                lastSequence);
        startAfresh("diverged");
        channel.writeAndFlush(Frames.twoLongs(channel.alloc(), Frames.POSITION, 0, 0));
    }

    private void onSnapshot(final ByteBuf frame)
    {
        final long snapshotId = frame.readLongLE();
        final long engineSequence = frame.readLongLE();
        final long stateHash = frame.readLongLE();
        final byte[] state = new byte[frame.readIntLE()];
        frame.readBytes(state);
        closeCopy();
        setAside(lastSequence > 0 ? "replaced" : null);
        final FileSnapshotStore store = new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.snapshotsKept());
        if (!store.write(snapshotId, engineSequence, stateHash, new UnsafeBuffer(state), 0, state.length))
        {
            throw new UncheckedIOException(new IOException("shard " + shardId + ": could not store the leader's snapshot"));
        }
        ChronicleJournal.numberFrom(shardDir, settings.rollCycle(), engineSequence + 1);
        openCopy();
        if (lastSequence != engineSequence)
        {
            throw new IllegalStateException("shard " + shardId + ": the leader's snapshot at " + engineSequence + " restored to "
                + lastSequence);
        }
        LOG.atInfo().addKeyValue("event", "snapshot-installed").addKeyValue("shard", shardId)
            .addKeyValue("engine_sequence", engineSequence)
            .log("shard {} follower: installed the leader's snapshot at engine sequence {}", shardId, engineSequence);
    }

    private void onEntries(final ByteBuf frame)
    {
        if (!adopted)
        {
            // The leader sends commands only to a copy that agrees with its journal: its history is this copy's now.
            history = offered;
            history.write(shardDir);
            adopted = true;
        }
        final boolean liveFrame = frame.readByte() != 0;
        final int count = frame.readIntLE();
        final int start = frame.readerIndex();
        journalIndexes.clear();
        final long firstNew = lastSequence + 1;
        boolean gap = false;
        for (int i = 0; i < count; i++)
        {
            final long sequence = frame.readLongLE();
            final int length = frame.readIntLE();
            final int at = frame.readerIndex();
            frame.skipBytes(length + 5);
            if (sequence <= lastSequence)
            {
                continue;
            }
            if (sequence > lastSequence + 1)
            {
                gap = true;
                break;
            }
            final int body = length - 4;
            command.checkLimit(length);
            frame.getBytes(at, command.byteArray(), 0, length);
            crc.reset();
            crc.update(command.byteArray(), 0, body);
            if ((int)crc.getValue() != command.getInt(body, ByteOrder.LITTLE_ENDIAN))
            {
                throw new IllegalStateException("shard " + shardId + ": the command at engine sequence " + sequence
                    + " fails its checksum");
            }
            journalIndexes.addLong(journal.appendCommand(command, 0, body));
            lastSequence = sequence;
        }
        if (!journalIndexes.isEmpty())
        {
            journal.commitBatch();
        }
        if (gap && liveFrame && live)
        {
            live = false;
            channel.writeAndFlush(Frames.oneLong(channel.alloc(), Frames.NEED, lastSequence + 1));
        }
        else if (liveFrame && !gap)
        {
            // Up to the live stream, or past it (a catch-up that ran ahead), or told so by an empty live frame (the leader
            // saw it hold everything handed to the live stream): no command between them is missing.
            live = true;
        }
        channel.writeAndFlush(Frames.ack(channel.alloc(), lastSequence, live));
        apply(frame, start, count, firstNew);
    }

    /**
     * Applies the commands just journaled, in order, checking each result the leader sent a checksum of.
     */
    private void apply(final ByteBuf frame, final int start, final int count, final long firstNew)
    {
        frame.readerIndex(start);
        int applied = 0;
        for (int i = 0; i < count && applied < journalIndexes.size(); i++)
        {
            final long sequence = frame.readLongLE();
            final int length = frame.readIntLE();
            final int at = frame.readerIndex();
            frame.skipBytes(length);
            final int resultCrc = frame.readIntLE();
            final boolean checked = frame.readByte() != 0;
            if (sequence < firstNew)
            {
                continue;
            }
            final int body = length - 4;
            frame.getBytes(at, command.byteArray(), 0, body);
            final int resultLength = stage.decide(command, body, result);
            crc.reset();
            crc.update(result.byteArray(), 0, resultLength);
            journal.appendResult(journalIndexes.getLong(applied), System.currentTimeMillis() * 1_000_000L, result, 0, resultLength);
            applied++;
            if (body >= MessageHeaderDecoder.ENCODED_LENGTH + CommandMetaDecoder.ENCODED_LENGTH)
            {
                lastIngressNanos = meta.wrap(command, header.wrap(command, 0).encodedLength()).ingressTime();
            }
            if (checked && (int)crc.getValue() != resultCrc)
            {
                mismatch(sequence);
                return;
            }
        }
    }

    private void mismatch(final long sequence)
    {
        mismatches.incrementAndGet();
        LOG.atError().addKeyValue("event", "replica-mismatch").addKeyValue("shard", shardId).addKeyValue("engine_sequence", sequence)
            .log("shard {} follower: the result at engine sequence {} differs from the leader's; this copy is faulted, set aside, "
                + "and bootstrapped again from the leader", shardId, sequence);
        startAfresh("mismatch");
        detach();
    }

    private void startAfresh(final String why)
    {
        closeCopy();
        setAside(why);
        openCopy();
    }

    private void openCopy()
    {
        final JournalOwnership ownership = JournalOwnership.acquire(shardDir);
        final FileSnapshotStore store = new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.snapshotsKept());
        final SnapshotWriter writer = new SnapshotWriter(store, "hotpath-follower-" + shardId + "-snapshots");
        try
        {
            final ReplicaSnapshotSink replicaSink = new ReplicaSnapshotSink(writer);
            final ReplicaLogic.Recovered recovery = ReplicaLogic.recover(shardDir, logicSource, replicaSink, store);
            journal = ChronicleJournal.open(shardDir, settings.durability(), settings.rollCycle()).ownedBy(ownership, writer);
            sink = replicaSink;
            snapshots = writer;
            built = recovery.built();
            stage = new DecisionStage(built.logic(), (sequence, failure) ->
                LOG.warn("shard {} follower: command at engine sequence {} failed, as it did on the leader", shardId, sequence, failure),
                recovery.engineSequence());
            lastSequence = recovery.engineSequence();
            history = EpochHistory.read(shardDir);
            if (offered != null && lastSequence == 0)
            {
                history = offered;
                history.write(shardDir);
                adopted = true;
            }
        }
        catch (final RuntimeException ex)
        {
            writer.close();
            ownership.close();
            throw ex;
        }
    }

    private void closeCopy()
    {
        if (journal != null)
        {
            journal.close();
            journal = null;
        }
    }

    /**
     * Moves the shard's copy to {@code shard-N.<why>-<millis>} (kept whole for the journal tools), or deletes it when
     * {@code why} is null; either way the shard's directory is left empty.
     */
    private void setAside(final String why)
    {
        if (!Files.exists(shardDir))
        {
            return;
        }
        bootstraps.incrementAndGet();
        try
        {
            if (why != null)
            {
                final Path aside = shardDir.resolveSibling(shardDir.getFileName() + "." + why + "-" + System.currentTimeMillis());
                Files.move(shardDir, aside);
                LOG.atWarn().addKeyValue("event", "copy-set-aside").addKeyValue("shard", shardId).addKeyValue("path", aside.toString())
                    .log("shard {} follower: its former copy is kept in {}", shardId, aside);
            }
            else
            {
                try (Stream<Path> files = Files.walk(shardDir))
                {
                    files.sorted(Comparator.reverseOrder()).forEach(FollowerReplica::delete);
                }
            }
            Files.createDirectories(shardDir);
            lastSequence = 0;
            history = EpochHistory.empty();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("shard " + shardId + ": cannot set its copy aside", ex);
        }
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.delete(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * After a fence, a mismatch, a promotion or a close: the leader's connection is dropped and a leader reconnects.
     */
    private void detach()
    {
        live = false;
        if (channel != null)
        {
            channel.close();
            channel = null;
        }
    }

    private record Inbound(Channel channel, ByteBuf frame)
    {
    }
}
