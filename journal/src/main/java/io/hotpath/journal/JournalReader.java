package io.hotpath.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;

/**
 * Opens one shard's journal for reading, while the engine writes it or after it stopped.
 *
 * <pre>
 *   try (JournalReader reader = JournalReader.open(shardDir))
 *   {
 *       final CommandCursor commands = reader.commands();
 *       while (commands.next()) { ... commands.index(), commands.command() ... }
 *   }
 * </pre>
 */
public final class JournalReader implements AutoCloseable
{
    private final ChronicleQueue commands;
    private final ChronicleQueue results;

    private JournalReader(final ChronicleQueue commands, final ChronicleQueue results)
    {
        this.commands = commands;
        this.results = results;
    }

    public static JournalReader open(final Path shardDir)
    {
        final Path commandsDir = JournalDescriptor.commandsDir(shardDir);
        if (!Files.isDirectory(commandsDir))
        {
            throw new IllegalArgumentException("no journal in " + shardDir);
        }
        final ChronicleQueue commands = ChronicleQueue.singleBuilder(commandsDir).build();
        try
        {
            return new JournalReader(commands, ChronicleQueue.singleBuilder(JournalDescriptor.resultsDir(shardDir)).build());
        }
        catch (final RuntimeException ex)
        {
            commands.close();
            throw ex;
        }
    }

    /**
     * @return a new cursor at the first command.
     */
    public CommandCursor commands()
    {
        return new CommandCursor(commands.createTailer());
    }

    /**
     * @return a new cursor at the first result.
     */
    public ResultCursor results()
    {
        return new ResultCursor(results.createTailer());
    }

    @Override
    public void close()
    {
        results.close();
        commands.close();
    }
}
