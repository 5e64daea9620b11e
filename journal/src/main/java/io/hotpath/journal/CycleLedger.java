package io.hotpath.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The engine sequence of the first command of each roll cycle of a shard's command journal, so
 * that commands keep their engine sequences once older cycles are deleted or archived: without
 * it, the n-th command of the journal is engine sequence n.
 *
 * <pre>
 *   # roll cycle, engine sequence of its first command
 *   20412 1
 *   20413 861224
 *   20414 1702733
 * </pre>
 *
 * A cycle's entry is the sequence its first whole command has, or would have had: a cycle with no
 * command has the sequence of the next cycle's first. Written whole under a temporary name and
 * renamed, so a reader sees the old ledger or the new one. Retention writes it, with an entry for
 * every cycle still present, before it removes any.
 */
final class CycleLedger
{
    private static final String HEADER = "# Hotpath command journal ledger: roll cycle, engine sequence of its first command";

    private CycleLedger()
    {
    }

    /**
     * @return the ledger, empty when the shard has none (no cycle was ever removed).
     */
    static NavigableMap<Integer, Long> read(final Path file)
    {
        final NavigableMap<Integer, Long> ledger = new TreeMap<>();
        if (!Files.exists(file))
        {
            return ledger;
        }
        try
        {
            int line = 0;
            for (final String text : Files.readAllLines(file, StandardCharsets.US_ASCII))
            {
                line++;
                final String trimmed = text.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#"))
                {
                    continue;
                }
                final String[] fields = trimmed.split("\\s+");
                if (fields.length != 2)
                {
                    throw new IllegalStateException(file + " line " + line + ": expected a roll cycle and an engine sequence");
                }
                ledger.put(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
            }
            return ledger;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException(file + " is not a journal ledger: " + ex.getMessage(), ex);
        }
    }

    static void write(final Path file, final NavigableMap<Integer, Long> ledger)
    {
        final List<String> lines = new ArrayList<>(ledger.size() + 1);
        lines.add(HEADER);
        for (final Map.Entry<Integer, Long> cycle : ledger.entrySet())
        {
            lines.add(cycle.getKey() + " " + cycle.getValue());
        }
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            Files.write(temporary, lines, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * @return the engine sequence of the first command of a journal whose first cycle present is
     *         {@code firstCycle}: 1 without a ledger.
     * @throws IllegalStateException if the ledger does not number that cycle.
     */
    static long firstSequence(final NavigableMap<Integer, Long> ledger, final int firstCycle, final Path file)
    {
        if (ledger.isEmpty())
        {
            return 1;
        }
        final Long first = ledger.get(firstCycle);
        if (first == null)
        {
            throw new IllegalStateException("the journal's first roll cycle " + firstCycle + " is not in " + file
                + ": cycles were removed by hand, so its commands' engine sequences are unknown");
        }
        return first;
    }
}
