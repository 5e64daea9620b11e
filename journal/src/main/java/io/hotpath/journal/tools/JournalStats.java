package io.hotpath.journal.tools;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Counts a shard's journal: commands and results by type, refusals by code, and commands per
 * interval of command time with their rate, as a table for people.
 *
 * <pre>
 *   shard 0: 1,000,412 commands, 1,000,412 results, 0 torn, from 2026-11-23T06:00:00Z to 2026-11-23T06:16:40Z
 *   commands by type      DecidePayment 340,112 (34.0%)  Quote 260,050 (26.0%) ...
 *   results by type       PaymentDecision 340,101 ...  CommandFailed 411 (INVALID_ARGUMENT 402, LIMIT_EXCEEDED 9)
 *   per 1m                06:00  61,204  1,020/s ...
 * </pre>
 *
 * A row holding the journal's first or last command covers only part of its interval, so its rate is taken between its own
 * first and last commands' times, and the row says over how long: a journal of 17 s in one row of a minute reads its
 * real rate, not a sixtieth of it.
 */
public final class JournalStats
{
    private JournalStats()
    {
    }

    /**
     * @param interval nanoseconds of command time per row of the rate table.
     */
    public static void print(final Path shardDir, final long interval, final PrintStream out)
    {
        final MessageJson names = new MessageJson();
        final JournalEntries entries = new JournalEntries();
        final Map<String, Long> commandTypes = new TreeMap<>();
        final Map<String, Long> resultTypes = new TreeMap<>();
        final Map<String, Long> refusals = new TreeMap<>();
        // Per interval: commands, and the earliest and latest command time in it; the journal's span is its first row's
        // earliest to its last row's latest.
        final NavigableMap<Long, long[]> perInterval = new TreeMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final CommandFailedDecoder failed = new CommandFailedDecoder();
        long commandCount = 0;
        long resultCount = 0;
        long torn;
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                commandCount++;
                final long time = commands.ingressTime();
                commandTypes.merge(names.name(commands.templateId()), 1L, Long::sum);
                final long[] row = perInterval.computeIfAbsent(Math.floorDiv(time, interval), key -> new long[] {0, time, time});
                row[0]++;
                row[1] = Math.min(row[1], time);
                row[2] = Math.max(row[2], time);
            }
            torn = commands.torn();
            final ResultCursor results = reader.results();
            while (results.next())
            {
                resultCount++;
                final int templateId = header.wrap(results.result(), 0).templateId();
                resultTypes.merge(names.name(templateId), 1L, Long::sum);
                if (templateId == CommandFailedDecoder.TEMPLATE_ID)
                {
                    refusals.merge(failed.wrapAndApplyHeader(results.result(), 0, header).meta().code().name(), 1L, Long::sum);
                }
            }
            torn += results.torn();
        }

        out.printf("shard %d: %,d commands, %,d results, %,d torn entries passed over", JournalSelection.shardId(shardDir),
            commandCount, resultCount, torn);
        if (commandCount > 0)
        {
            out.printf(", from %s to %s", JournalEntries.instant(perInterval.firstEntry().getValue()[1]),
                JournalEntries.instant(perInterval.lastEntry().getValue()[2]));
        }
        out.println();
        out.println("  commands by type: " + shares(commandTypes, commandCount));
        out.println("  results by type:  " + shares(resultTypes, resultCount) + (refusals.isEmpty() ? "" : "; refused " + refusals));
        out.printf("  per %s of command time (UTC):%n", duration(interval));
        for (final Map.Entry<Long, long[]> entry : perInterval.entrySet())
        {
            final long[] row = entry.getValue();
            final boolean journalEnd = entry.getKey().equals(perInterval.firstKey()) || entry.getKey().equals(perInterval.lastKey());
            out.printf("    %s  %,10d commands  %s%n", JournalEntries.tableTime(entry.getKey() * interval), row[0],
                journalEnd ? partRate(row[0], row[2] - row[1]) : String.format("%,12.1f/s", row[0] * 1e9 / interval));
        }
    }

    /**
     * @return the rate of {@code commands} whose first and last are {@code span} nanoseconds apart (the gaps between them over
     *         that span), and the span; "-" when they all share one time.
     */
    private static String partRate(final long commands, final long span)
    {
        if (span <= 0)
        {
            return String.format("%12s/s", "-");
        }
        final String over = span >= 1_000_000_000L ? String.format("%.1f s", span / 1e9) : String.format("%.1f ms", span / 1e6);
        return String.format("%,12.1f/s over %s", (commands - 1) * 1e9 / span, over);
    }

    private static String shares(final Map<String, Long> counts, final long total)
    {
        final StringBuilder text = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(entry -> text.append(
            String.format("%s %,d (%.1f%%)  ", entry.getKey(), entry.getValue(), 100.0 * entry.getValue() / Math.max(1, total))));
        return text.toString().trim();
    }

    static String duration(final long nanos)
    {
        final long seconds = nanos / 1_000_000_000L;
        if (seconds >= 3600 && seconds % 3600 == 0)
        {
            return seconds / 3600 + "h";
        }
        if (seconds >= 60 && seconds % 60 == 0)
        {
            return seconds / 60 + "m";
        }
        return seconds > 0 ? seconds + "s" : nanos / 1_000_000 + "ms";
    }
}
