package io.hotpath.journal;

import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.state.StateWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a shard's snapshots on disk from a thread of its own, so that the shard's logic thread only
 * captures the state at the snapshot's command and goes on deciding.
 *
 * <pre>
 *   logic thread                          snapshot thread (one per shard)
 *     TakeSnapshot applied
 *     state hashed and encoded into an
 *     array given back by spareArray()
 *     take(): the array  ----- queue --&gt;  FileSnapshotStore.write: CRC32C, file, fsync, rename,
 *     result: SnapshotTaken                 older snapshots beyond the kept number deleted;
 *                                           the array kept as the spare, or one half again
 *                                           as large as the state if it is nearly outgrown
 * </pre>
 *
 * One array goes round: the logic thread encodes a snapshot into it, {@link #take} queues it as it is, and once it is
 * stored, {@link #spareArray} gives it back for the next. The logic thread neither copies the state nor, once the
 * first snapshot is taken, allocates for it: in the soak, a new array of tens of megabytes zeroed on the logic thread
 * each time the state outgrew the last one, and the collections such allocations started, held it several times as
 * long as hashing and encoding did.
 *
 * Writing and forcing tens of megabytes took the decision thread hundreds of milliseconds, every
 * snapshot interval, with every command behind it waiting. The command's result no longer depends
 * on the disk, so it is the same in a replay whatever the disk did: a write that fails is logged and
 * counted ({@link #failures()}), and a restart then starts from the snapshot before, with more
 * journal to replay. Snapshots are written in the order they were taken. {@link #written} tells an
 * operator who asked for one when it is on disk; {@link #close} waits for those still queued.
 *
 * <p>{@link #write} is called on the shard's logic thread only; the rest is thread-safe.
 */
public final class SnapshotWriter implements SnapshotSink, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final FileSnapshotStore store;
    private final ExecutorService thread;
    private final Set<Long> failed = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<byte[]> spare = new AtomicReference<>();
    // The length of the largest array this writer has given out or holds as the spare; written on the writing thread.
    private volatile long readyBytes;
    // An array is being made ready on the writing thread: set by the logic thread, cleared by the writing thread.
    private volatile boolean preparing;
    private volatile long lastWrittenMillis;
    private volatile long lastHeldNanos;
    // The writing thread's own: what it stored last, for the line that reports the snapshot's hold.
    private long storedSequence = -1;
    private int storedBytes;
    private long storedNanos;

    /**
     * @param name the writing thread's name.
     */
    public SnapshotWriter(final FileSnapshotStore store, final String name)
    {
        this.store = store;
        this.lastWrittenMillis = newestOnDisk(store);
        this.thread = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread writer = new Thread(runnable, name);
            writer.setDaemon(true);
            return writer;
        });
    }

    /**
     * Copies the state and queues it for writing, for a caller whose buffer is not its to give ({@link #take} is for one
     * whose array is); the copy is the logic thread's whole cost.
     *
     * @return true: the snapshot is taken; {@link #written} tells when it is stored.
     */
    @Override
    public boolean write(
        final long snapshotId,
        final long engineSequence,
        final long stateHash,
        final DirectBuffer state,
        final int offset,
        final int length)
    {
        // The array the writer gave back after the last snapshot, when it is big enough: a new one of the state's size
        // would be a humongous allocation every snapshot interval. A new one only when the state has outgrown it or the
        // last snapshot is still being written, with half again as much room, so a state that grows (a quote table
        // filling) does not need a new one at every snapshot: each one costs a GC pause and a concurrent cycle.
        final byte[] spare = spareArray(length);
        final byte[] copy = spare != null ? spare : new byte[StateWriter.withRoom(length)];
        state.getBytes(offset, copy, 0, length);
        return take(snapshotId, engineSequence, stateHash, copy, length);
    }

    @Override
    public boolean takesArrays()
    {
        return true;
    }

    /**
     * Queues the array for writing as it is; the logic thread's only cost is the queueing.
     *
     * @return true: the snapshot is taken; {@link #written} tells when it is stored.
     */
    @Override
    public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
    {
        thread.execute(() -> persist(snapshotId, engineSequence, stateHash, state, length));
        return true;
    }

    /**
     * Runs the task on the writing thread, which is idle between snapshots; if it is writing the last one still, the
     * logic thread does not wait for it (see {@link SnapshotSink#runAside}). Once closed, it runs nothing.
     */
    @Override
    public void runAside(final Runnable task)
    {
        try
        {
            thread.execute(task);
        }
        catch (final RejectedExecutionException closed)
        {
            // Closed: the logic thread runs the task itself.
        }
    }

    /**
     * @return the array of the last snapshot stored, if it has at least {@code bytes} bytes and no one took it since; null
     *         while a snapshot is being written.
     */
    @Override
    public byte[] spareArray(final long bytes)
    {
        final byte[] stored = spare.get();
        return stored != null && stored.length >= bytes && spare.compareAndSet(stored, null) ? stored : null;
    }

    /**
     * Makes an array of {@code bytes} ready on the writing thread, unless one that large is ready or on its way back, so
     * that the logic thread does not allocate it at the next snapshot. Before this, a shard's first snapshot after a start
     * allocated its array on the logic thread: tens of megabytes, zeroed, a humongous allocation that started a
     * collection, held it several times as long as a later snapshot.
     */
    @Override
    public void expect(final long bytes)
    {
        if (bytes <= readyBytes || preparing)
        {
            return;
        }
        preparing = true;
        thread.execute(() -> prepare(bytes));
    }

    private void prepare(final long bytes)
    {
        // A snapshot stored since it was asked for may have given back one large enough.
        if (readyBytes < bytes)
        {
            offerSpare(new byte[StateWriter.withRoom(bytes)]);
        }
        preparing = false;
    }

    /**
     * Keeps {@code array} as the spare unless the one kept is larger; on the writing thread only.
     */
    private void offerSpare(final byte[] array)
    {
        final byte[] kept = spare.accumulateAndGet(array,
            (held, offered) -> held != null && held.length >= offered.length ? held : offered);
        readyBytes = Math.max(readyBytes, kept.length);
    }

    /**
     * Keeps the hold for {@link #lastHeldNanos} and logs it, with what storing the snapshot took, from the writing thread.
     */
    @Override
    public void held(final long engineSequence, final long nanos)
    {
        lastHeldNanos = nanos;
        thread.execute(() -> logHold(engineSequence, nanos));
    }

    /**
     * @return how long the newest snapshot taken here held its shard's logic thread (hashing, encoding and copying the
     *         state), in nanoseconds; 0 before the first.
     */
    public long lastHeldNanos()
    {
        return lastHeldNanos;
    }

    /**
     * @param engineSequence the engine sequence of a snapshot already passed to {@link #write}.
     * @return completes with true once that snapshot is on disk, with false if its write failed.
     */
    public CompletableFuture<Boolean> written(final long engineSequence)
    {
        // Snapshots are written in order on the one thread: anything queued before this has been tried when it runs.
        return CompletableFuture.supplyAsync(() -> !failed.contains(engineSequence), thread);
    }

    /**
     * @return snapshots whose write failed since the start.
     */
    public long failures()
    {
        return failures.get();
    }

    /**
     * @return epoch milliseconds at which the newest snapshot was stored: by this writer, or before it started (the
     *         newest file's time); 0 when there is none.
     */
    public long lastWrittenMillis()
    {
        return lastWrittenMillis;
    }

    /**
     * Writes what is queued, then stops the thread.
     */
    @Override
    public void close()
    {
        thread.shutdown();
        try
        {
            if (!thread.awaitTermination(60, TimeUnit.SECONDS))
            {
                LOG.error("snapshots still being written after 60 s; leaving them");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void persist(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
    {
        final long started = System.nanoTime();
        final boolean stored = store.write(snapshotId, engineSequence, stateHash, new UnsafeBuffer(state), 0, length);
        storedNanos = System.nanoTime() - started;
        storedSequence = stored ? engineSequence : -1;
        storedBytes = length;
        // Grown here, off the logic thread, when it has less than the logic will ask for after this state.
        offerSpare(state.length >= StateWriter.roomAfter(length) ? state : new byte[StateWriter.withRoom(length)]);
        if (!stored)
        {
            failures.incrementAndGet();
            failed.add(engineSequence);
            return;
        }
        lastWrittenMillis = System.currentTimeMillis();
    }

    private void logHold(final long engineSequence, final long heldNanos)
    {
        // Runs after the snapshot's own write, queued before it on this thread; a replicated leader's hold has none.
        final boolean stored = storedSequence == engineSequence;
        LOG.atInfo().addKeyValue("event", "snapshot").addKeyValue("engine_sequence", engineSequence)
            .addKeyValue("held_micros", heldNanos / 1_000).addKeyValue("bytes", stored ? storedBytes : 0)
            .addKeyValue("stored_micros", stored ? storedNanos / 1_000 : 0)
            .log("the snapshot at engine sequence {} held the logic thread {} ms{}", engineSequence,
                String.format("%.2f", heldNanos / 1e6),
                stored ? String.format("; %.1f MB stored in %.1f ms", storedBytes / 1e6, storedNanos / 1e6) : "");
    }

    private static long newestOnDisk(final FileSnapshotStore store)
    {
        try
        {
            final List<Path> newest = store.newestFirst();
            return newest.isEmpty() ? 0 : Files.getLastModifiedTime(newest.get(0)).toMillis();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            LOG.warn("cannot read the newest snapshot's time: {}", ex.toString());
            return 0;
        }
    }
}
