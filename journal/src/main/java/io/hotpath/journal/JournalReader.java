package io.hotpath.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

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
    private final SingleChronicleQueue results;
    private final long firstSequence;

    private JournalReader(final ChronicleQueue commands, final SingleChronicleQueue results, final long firstSequence)
    {
        this.commands = commands;
        this.results = results;
        this.firstSequence = firstSequence;
    }

    public static JournalReader open(final Path shardDir)
    {
        final Path commandsDir = JournalDescriptor.commandsDir(shardDir);
        if (!Files.isDirectory(commandsDir))
        {
            throw new IllegalArgumentException("no journal in " + shardDir);
        }
        final SingleChronicleQueue commands = ChronicleQueue.singleBuilder(commandsDir).build();
        try
        {
            // Retention may have removed cycles since this directory was last listed.
            commands.refreshDirectoryListing();
            final Path ledgerFile = JournalDescriptor.ledgerFile(shardDir);
            final NavigableMap<Integer, Long> ledger = CycleLedger.read(ledgerFile);
            // An empty journal numbered from a snapshot (a follower that started from its leader's) starts where its ledger says.
            final long firstSequence = commands.firstCycle() == Integer.MAX_VALUE ? (ledger.isEmpty() ? 1 : ledger.lastEntry().getValue())
                : CycleLedger.firstSequence(ledger, commands.firstCycle(), ledgerFile);
            return new JournalReader(commands, ChronicleQueue.singleBuilder(JournalDescriptor.resultsDir(shardDir)).build(), firstSequence);
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
        return new CommandCursor(commands.createTailer(), firstSequence);
    }

    /**
     * @return the roll cycle of the command journal.
     */
    public RollCycle rollCycle()
    {
        return commands.rollCycle();
    }

    /**
     * @return the engine sequence of the journal's first command: 1, unless retention removed older
     *         roll cycles (then a snapshot must cover what they held).
     */
    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * @return the engine sequence of the journal's last whole command; one less than
     *         {@link #firstSequence()} when it has none. Reads the whole journal.
     */
    public long lastSequence()
    {
        final CommandCursor cursor = commands();
        cursor.skip(Long.MAX_VALUE);
        return cursor.sequence();
    }

    /**
     * @return a new cursor at the first result.
     */
    public ResultCursor results()
    {
        return new ResultCursor(results.createTailer());
    }

    /**
     * @return results journaled after the one at {@code index}; every result when {@code index} is negative.
     */
    public long resultsAfter(final long index)
    {
        final long last = results.lastIndex();
        if (last < 0)
        {
            return 0;
        }
        if (index < 0)
        {
            return results.entryCount();
        }
        // Counts [index, last): as many entries as (index, last].
        return index >= last ? 0 : results.countExcerpts(index, last);
    }

    @Override
    public void close()
    {
        results.close();
        commands.close();
    }
}
