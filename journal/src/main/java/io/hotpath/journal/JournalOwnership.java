package io.hotpath.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of a shard's journal: an exclusive lock on {@code shard-N/owner.lock}, taken before
 * the shard recovers and held until its journal closes. A second process that would recover or append
 * to the same journal (a second node on the same disk, an engine started twice) is refused instead of
 * interleaving its commands with the first one's.
 *
 * <p>The operating system releases the lock when the process ends, however it ends (SIGKILL too), so a
 * dead owner never holds a shard. On a network file system the lock is only as good as that file
 * system's locking; see the cluster documentation.
 */
public final class JournalOwnership implements AutoCloseable
{
    /** The lock file in a shard's directory. */
    public static final String LOCK_FILE = "owner.lock";

    private final Path shardDir;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalOwnership(final Path shardDir, final FileChannel channel, final FileLock lock)
    {
        this.shardDir = shardDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws JournalOwnedException if another process, or another engine in this one, holds it.
     */
    public static JournalOwnership acquire(final Path shardDir)
    {
        final FileChannel channel;
        try
        {
            Files.createDirectories(shardDir);
            channel = FileChannel.open(shardDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + shardDir.resolve(LOCK_FILE), ex);
        }
        try
        {
            final FileLock lock = channel.tryLock();
            if (lock != null)
            {
                return new JournalOwnership(shardDir, channel, lock);
            }
        }
        catch (final OverlappingFileLockException heldHere)
        {
            // Another engine in this JVM owns it: refused like another process.
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + shardDir.resolve(LOCK_FILE), ex);
        }
        closeQuietly(channel);
        throw new JournalOwnedException(shardDir);
    }

    public Path shardDir()
    {
        return shardDir;
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // Nothing held that the process's end would not release.
        }
    }

    /**
     * The journal has a writer already.
     */
    public static final class JournalOwnedException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        JournalOwnedException(final Path shardDir)
        {
            super("the journal in " + shardDir + " is owned by another engine (" + LOCK_FILE + " is locked)");
        }
    }
}
