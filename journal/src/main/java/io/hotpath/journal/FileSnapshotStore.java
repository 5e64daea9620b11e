package io.hotpath.journal;

import io.hotpath.core.logic.SnapshotSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files of one shard, written atomically and checked on load.
 *
 * <pre>
 *   0        4        8             16                24           32       36       40
 *   +========+========+=============+=================+============+========+========+==========+
 *   | magic  | format | snapshot id | engine sequence | state hash | length | crc32c | state... |
 *   +========+========+=============+=================+============+========+========+==========+
 * </pre>
 *
 * The CRC32C covers bytes 0 to 35 and the state. A file is written under a temporary name, forced
 * to disk and renamed, so a crash leaves either the whole snapshot or none. Loading walks from the
 * newest file back and skips any that fails its checksum.
 */
public final class FileSnapshotStore implements SnapshotSink
{
    static final int MAGIC = 0x48505331;
    static final int FORMAT = 1;
    static final int HEADER_LENGTH = 40;
    /** Bytes of a snapshot written and forced at a time (see {@link #writeInSteps}). */
    private static final int WRITE_STEP = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotStore.class);

    private final Path dir;
    private final int keep;

    /**
     * A snapshot as loaded from disk.
     */
    public record Snapshot(Path file, long snapshotId, long engineSequence, long stateHash, byte[] state)
    {
    }

    /**
     * A store that keeps every snapshot.
     */
    public FileSnapshotStore(final Path dir)
    {
        this(dir, Integer.MAX_VALUE);
    }

    /**
     * @param keep how many snapshots to keep: after each write, older ones beyond it are deleted, so
     *             that a corrupt newest one still leaves older ones to fall back on.
     */
    public FileSnapshotStore(final Path dir, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep at least one snapshot: " + keep);
        }
        this.dir = dir;
        this.keep = keep;
    }

    @Override
    public boolean write(
        final long snapshotId,
        final long engineSequence,
        final long stateHash,
        final DirectBuffer state,
        final int offset,
        final int length)
    {
        // Header and state go out in one gathering write, so the state is not copied again into a file-sized buffer.
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(FORMAT).putLong(snapshotId).putLong(engineSequence).putLong(stateHash).putInt(length);
        final ByteBuffer body = stateView(state, offset, length);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_LENGTH - Integer.BYTES);
        crc.update(body.duplicate());
        header.putInt((int)crc.getValue());
        header.flip();
        final ByteBuffer[] file = {header, body};

        final Path target = dir.resolve(String.format("snapshot-%020d.snap", engineSequence));
        final Path temp = dir.resolve(target.getFileName() + ".tmp");
        try
        {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                writeInSteps(channel, file, body);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            deleteBeyond(keep);
            return true;
        }
        catch (final IOException ex)
        {
            LOG.error("snapshot {} at engine sequence {} not written to {}", snapshotId, engineSequence, dir, ex);
            return false;
        }
    }

    /**
     * Writes header and body a step at a time, forcing each step to disk before the next. Tens of megabytes handed to the
     * page cache at once and forced at the end put them all under writeback together, and the shard's memory-mapped
     * journal, written meanwhile, waits behind them: in the soak, intervals with a snapshot read p99.9 of hundreds of
     * milliseconds while the logic thread spent a few tens on it. A step at a time keeps the dirty pages, and so that
     * wait, small.
     */
    private static void writeInSteps(final FileChannel channel, final ByteBuffer[] file, final ByteBuffer body) throws IOException
    {
        final int end = body.limit();
        while (body.position() < end)
        {
            body.limit(Math.min(end, body.position() + WRITE_STEP));
            while (body.hasRemaining())
            {
                channel.write(file);
            }
            channel.force(false);
        }
    }

    private static ByteBuffer stateView(final DirectBuffer state, final int offset, final int length)
    {
        if (state.byteArray() != null)
        {
            return ByteBuffer.wrap(state.byteArray(), state.wrapAdjustment() + offset, length).slice();
        }
        final byte[] copy = new byte[length];
        state.getBytes(offset, copy);
        return ByteBuffer.wrap(copy);
    }

    /**
     * @return the newest snapshot whose checksum holds, if any.
     */
    public Optional<Snapshot> latestValid()
    {
        for (final Path file : newestFirst())
        {
            final Optional<Snapshot> snapshot = read(file);
            if (snapshot.isPresent())
            {
                return snapshot;
            }
            LOG.warn("snapshot {} is corrupt; trying the one before", file);
        }
        return Optional.empty();
    }

    /**
     * @return the snapshot in {@code file}, or empty if it is truncated or fails its checksum.
     */
    public static Optional<Snapshot> read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        if (bytes.length < HEADER_LENGTH)
        {
            return Optional.empty();
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = buffer.getInt();
        final int format = buffer.getInt();
        final long snapshotId = buffer.getLong();
        final long engineSequence = buffer.getLong();
        final long stateHash = buffer.getLong();
        final int length = buffer.getInt();
        final int checksum = buffer.getInt();
        if (magic != MAGIC || format != FORMAT || length < 0 || length != bytes.length - HEADER_LENGTH)
        {
            return Optional.empty();
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_LENGTH - Integer.BYTES);
        crc.update(bytes, HEADER_LENGTH, length);
        if ((int)crc.getValue() != checksum)
        {
            return Optional.empty();
        }
        final byte[] state = new byte[length];
        System.arraycopy(bytes, HEADER_LENGTH, state, 0, length);
        return Optional.of(new Snapshot(file, snapshotId, engineSequence, stateHash, state));
    }

    private void deleteBeyond(final int kept) throws IOException
    {
        final List<Path> files = newestFirst();
        for (int i = kept; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }

    /**
     * @return the snapshot files, newest (highest engine sequence) first, whether valid or not.
     */
    public List<Path> newestFirst()
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> snapshots = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".snap")).toList());
            snapshots.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed());
            return snapshots;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
