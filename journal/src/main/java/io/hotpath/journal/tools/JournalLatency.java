package io.hotpath.journal.tools;

import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * How long commands spent in the engine, from the journal alone: from each command's ingress time
 * (stamped by the front) to its result's egress time (stamped when it was released), per command
 * type, as percentiles, and as an HdrHistogram interval log ({@code .hlog}) that HdrHistogram's
 * tools (HistogramLogAnalyzer, the plotter) read.
 *
 * <p>Both times come from the same clock of one engine process. Commands without a journaled
 * result (the engine stopped between journal and release) are not counted.
 */
public final class JournalLatency
{
    private static final long HIGHEST = 3_600_000_000_000L;

    /**
     * @param all    every command.
     * @param byType per command type.
     */
    public record Latencies(Histogram all, Map<String, Histogram> byType)
    {
    }

    private JournalLatency()
    {
    }

    /**
     * @param hlog     where to write the interval log, or null for none.
     * @param interval nanoseconds of command time per interval histogram in the log.
     */
    public static Latencies measure(final Path shardDir, final Path hlog, final long interval) throws FileNotFoundException
    {
        final MessageJson names = new MessageJson();
        final JournalEntries entries = new JournalEntries();
        final Histogram all = new Histogram(HIGHEST, 3);
        final Map<String, Histogram> byType = new TreeMap<>();
        final Histogram window = new Histogram(HIGHEST, 3);
        try (JournalReader reader = JournalReader.open(shardDir);
            PrintStream log = hlog == null ? null : new PrintStream(hlog.toFile()))
        {
            final HistogramLogWriter writer = log == null ? null : new HistogramLogWriter(log);
            final CommandCursor commands = reader.commands();
            final ResultCursor results = reader.results();
            long windowStart = Long.MIN_VALUE;
            long logStart = 0;
            while (results.next())
            {
                while (commands.index() < results.commandIndex() && commands.next())
                {
                    continue;
                }
                if (commands.index() != results.commandIndex())
                {
                    continue;
                }
                final long ingress = commands.ingressTime();
                final long latency = Math.max(0, Math.min(HIGHEST, results.egressTime() - ingress));
                all.recordValue(latency);
                byType.computeIfAbsent(names.name(commands.templateId()), type -> new Histogram(HIGHEST, 3))
                    .recordValue(latency);
                if (writer != null)
                {
                    if (windowStart == Long.MIN_VALUE)
                    {
                        windowStart = ingress;
                        logStart = ingress / 1_000_000;
                        writer.outputLogFormatVersion();
                        writer.outputStartTime(logStart);
                        writer.outputLegend();
                    }
                    if (ingress - windowStart >= interval)
                    {
                        output(writer, window, windowStart, ingress, logStart);
                        windowStart = ingress;
                    }
                    window.recordValue(latency);
                }
            }
            if (writer != null && window.getTotalCount() > 0)
            {
                output(writer, window, windowStart, windowStart + interval, logStart);
            }
        }
        return new Latencies(all, byType);
    }

    /**
     * Prints percentiles in microseconds, all commands first, then each type.
     */
    public static void print(final int shardId, final Latencies latencies, final PrintStream out)
    {
        out.printf("shard %d, ingress to egress (us):        count       p50       p90       p99     p99.9       max%n", shardId);
        row(out, "all", latencies.all());
        for (final Map.Entry<String, Histogram> type : latencies.byType().entrySet())
        {
            row(out, type.getKey(), type.getValue());
        }
    }

    private static void row(final PrintStream out, final String name, final Histogram histogram)
    {
        out.printf("  %-36s %,10d %,9.1f %,9.1f %,9.1f %,9.1f %,9.1f%n", name, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
    }

    private static void output(final HistogramLogWriter writer, final Histogram window, final long start, final long end,
        final long logStartMillis)
    {
        window.setStartTimeStamp(start / 1_000_000);
        window.setEndTimeStamp(end / 1_000_000);
        // values are nanoseconds; the max column is in milliseconds, as HdrHistogram's tools expect
        writer.outputIntervalHistogram((start / 1_000_000 - logStartMillis) / 1e3, (end / 1_000_000 - logStartMillis) / 1e3, window, 1e6);
        window.reset();
    }
}
