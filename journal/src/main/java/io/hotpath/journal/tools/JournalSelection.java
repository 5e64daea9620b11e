package io.hotpath.journal.tools;

import io.hotpath.journal.JournalDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which shard journals a path names: a shard's own directory, or the engine's journal root with
 * its {@code shard-N} directories.
 */
public final class JournalSelection
{
    private static final String SHARD = "shard-";

    private JournalSelection()
    {
    }

    /**
     * @return the shard directories, in shard order.
     * @throws IllegalArgumentException if {@code path} holds no journal.
     */
    public static List<Path> shards(final Path path)
    {
        if (Files.isDirectory(JournalDescriptor.commandsDir(path)))
        {
            return List.of(path);
        }
        if (!Files.isDirectory(path))
        {
            throw new IllegalArgumentException("no journal at " + path);
        }
        try (Stream<Path> children = Files.list(path))
        {
            final List<Path> shards = children
                .filter(child -> child.getFileName().toString().startsWith(SHARD))
                .filter(child -> Files.isDirectory(JournalDescriptor.commandsDir(child)))
                .sorted(Comparator.comparingInt(JournalSelection::shardId))
                .toList();
            if (shards.isEmpty())
            {
                throw new IllegalArgumentException("no journal at " + path + ": neither commands/ nor shard-N/ in it");
            }
            return shards;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return N of a {@code shard-N} directory, or 0 for any other name.
     */
    public static int shardId(final Path shardDir)
    {
        final String name = shardDir.getFileName().toString();
        if (name.startsWith(SHARD))
        {
            try
            {
                return Integer.parseInt(name.substring(SHARD.length()));
            }
            catch (final NumberFormatException ex)
            {
                return 0;
            }
        }
        return 0;
    }
}
