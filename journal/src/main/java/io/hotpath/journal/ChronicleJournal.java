package io.hotpath.journal;

import io.hotpath.core.shard.ShardJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A shard's journal on Chronicle Queue: one queue of commands, the system of record, and one of
 * results, kept so a replay can verify every decision. Layout in {@link JournalDescriptor}.
 *
 * <p>Each queue has exactly one writing thread (the shard's journal thread for commands, its egress
 * thread for results), so each has its own {@link QueueWriter}, whose appender is created on first
 * use by that thread, and no write lock is ever contended. Appends copy straight from the ring
 * slot's array: nothing is allocated. Each entry ends with the CRC32C of the rest, so a reader tells
 * an entry cut short (a file truncated by a lost disk, say) from a whole one.
 */
public final class ChronicleJournal implements ShardJournal
{
    private final QueueWriter commands;
    private final QueueWriter results;
    private final Durability durability;
    private JournalOwnership ownership;
    private SnapshotWriter snapshots;
    private Runnable whenClosed;

    private ChronicleJournal(final ChronicleQueue commands, final ChronicleQueue results, final Durability durability)
    {
        this.commands = new QueueWriter(commands);
        this.results = new QueueWriter(results);
        this.durability = durability;
    }

    /**
     * Opens, or creates, the journal in {@code shardDir}, rolling daily.
     */
    public static ChronicleJournal open(final Path shardDir, final Durability durability)
    {
        return open(shardDir, durability, RollCycles.DEFAULT);
    }

    /**
     * Opens, or creates, the journal in {@code shardDir}.
     *
     * @param rollCycle how often a new file starts, for a new journal; an existing one keeps the cycle it was created with.
     */
    public static ChronicleJournal open(final Path shardDir, final Durability durability, final RollCycle rollCycle)
    {
        return open(shardDir, durability, rollCycle, SystemTimeProvider.INSTANCE);
    }

    /**
     * As {@link #open(Path, Durability, RollCycle)}, with the clock that decides when a cycle ends (tests roll by hand).
     */
    public static ChronicleJournal open(final Path shardDir, final Durability durability, final RollCycle rollCycle,
        final TimeProvider cycleClock)
    {
        final ChronicleQueue commands =
            ChronicleQueue.singleBuilder(JournalDescriptor.commandsDir(shardDir)).rollCycle(rollCycle).timeProvider(cycleClock).build();
        try
        {
            final ChronicleQueue results =
                ChronicleQueue.singleBuilder(JournalDescriptor.resultsDir(shardDir)).rollCycle(rollCycle).timeProvider(cycleClock).build();
            return new ChronicleJournal(commands, results, durability);
        }
        catch (final RuntimeException ex)
        {
            commands.close();
            throw ex;
        }
    }

    /**
     * Numbers a journal that does not exist yet from {@code firstSequence}: a follower that starts from its leader's
     * snapshot holds only the commands after it. Writes the ledger for this roll cycle and the next (a cycle with no
     * command has the sequence of the next cycle's first), so the first append may land in either.
     */
    public static void numberFrom(final Path shardDir, final RollCycle rollCycle, final long firstSequence)
    {
        if (firstSequence <= 1)
        {
            return;
        }
        final int cycle = rollCycle.current(SystemTimeProvider.INSTANCE, 0);
        final TreeMap<Integer, Long> ledger = new TreeMap<>();
        ledger.put(cycle, firstSequence);
        ledger.put(cycle + 1, firstSequence);
        try
        {
            // The queues exist from now on, with this roll cycle (the ledger numbers its cycles), so a recovery reads this
            // empty journal, numbered by its ledger, and does not create it with a default cycle of its own.
            Files.createDirectories(shardDir);
            ChronicleQueue.singleBuilder(JournalDescriptor.commandsDir(shardDir)).rollCycle(rollCycle).build().close();
            ChronicleQueue.singleBuilder(JournalDescriptor.resultsDir(shardDir)).rollCycle(rollCycle).build().close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + shardDir, ex);
        }
        CycleLedger.write(JournalDescriptor.ledgerFile(shardDir), ledger);
    }

    @Override
    public long appendCommand(final DirectBuffer buffer, final int offset, final int length)
    {
        try (DocumentContext document = commands.appender().writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            commands.checksum.reset();
            commands.write(bytes, buffer, offset, length);
            bytes.writeInt((int)commands.checksum.getValue());
        }
        return commands.appender.lastIndexAppended();
    }

    @Override
    public void commitBatch()
    {
        if (durability == Durability.SYNC && commands.appender != null)
        {
            commands.appender.sync();
        }
    }

    @Override
    public void appendResult(final long commandIndex, final long egressAt, final DirectBuffer buffer, final int offset, final int length)
    {
        try (DocumentContext document = results.appender().writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            final byte[] prefix = results.prefix;
            results.prefixBuffer.putLong(JournalDescriptor.RESULT_COMMAND_INDEX_OFFSET, commandIndex);
            results.prefixBuffer.putLong(JournalDescriptor.RESULT_EGRESS_TIME_OFFSET, egressAt);
            bytes.write(prefix, 0, prefix.length);
            results.checksum.reset();
            results.checksum.update(prefix, 0, prefix.length);
            results.write(bytes, buffer, offset, length);
            bytes.writeInt((int)results.checksum.getValue());
        }
    }

    @Override
    public void close()
    {
        results.queue.close();
        commands.queue.close();
        if (snapshots != null)
        {
            snapshots.close();
        }
        if (ownership != null)
        {
            ownership.close();
        }
        if (whenClosed != null)
        {
            whenClosed.run();
        }
    }

    /**
     * @param action run once the journal has closed and let go of its ownership: a replicated leader closes its links.
     * @return this journal.
     */
    public ChronicleJournal whenClosed(final Runnable action)
    {
        this.whenClosed = action;
        return this;
    }

    /**
     * Releases {@code ownership} when the journal closes, after its last append and after {@code snapshots} has written
     * what it was given (null: no snapshot writer): another engine that takes the shard over finds every snapshot of this
     * one on disk, and none written behind its back.
     *
     * @return this journal.
     */
    public ChronicleJournal ownedBy(final JournalOwnership ownership, final SnapshotWriter snapshots)
    {
        this.ownership = ownership;
        this.snapshots = snapshots;
        return this;
    }

    /**
     * One queue and the state of its one writing thread.
     */
    private static final class QueueWriter
    {
        private final ChronicleQueue queue;
        private final CRC32C checksum = new CRC32C();
        private final byte[] prefix = new byte[JournalDescriptor.RESULT_MESSAGE_OFFSET];
        private final UnsafeBuffer prefixBuffer = new UnsafeBuffer(prefix);
        private ExcerptAppender appender;
        private byte[] scratch = new byte[0];

        QueueWriter(final ChronicleQueue queue)
        {
            this.queue = queue;
        }

        ExcerptAppender appender()
        {
            if (appender == null)
            {
                appender = queue.createAppender();
            }
            return appender;
        }

        void write(final Bytes<?> bytes, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(array, buffer.wrapAdjustment() + offset, length);
                checksum.update(array, buffer.wrapAdjustment() + offset, length);
                return;
            }
            if (scratch.length < length)
            {
                scratch = new byte[length];
            }
            buffer.getBytes(offset, scratch, 0, length);
            bytes.write(scratch, 0, length);
            checksum.update(scratch, 0, length);
        }
    }
}
