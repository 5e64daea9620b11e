package io.hotpath.bench.load;

import java.io.PrintStream;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Prints a run's result: counts, then latency percentiles by kind, from planned send time.
 */
final class LoadReport
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private LoadReport()
    {
    }

    static void print(final OpenLoop.Result result, final PrintStream out)
    {
        out.printf("  %s: sent %,d, answered %,d (%,.0f a second), refused %,d, failed %,d, unanswered %,d%n",
            result.sustained() ? "sustained"
                : String.format("NOT SUSTAINED (a request was unanswered %,d requests later; stopped)", OpenLoop.MAX_OUTSTANDING),
            result.sent(), result.answered(), result.answeredPerSecond(), result.refused(), result.failed(), result.unanswered());
        out.printf("  latency from planned send time    %10s %9s %9s %9s %9s %9s %9s%n", "count", "p50", "p90", "p99", "p99.9", "p99.99",
            "max");
        for (final Map.Entry<LoadKind, Histogram> kind : result.latency().entrySet())
        {
            row(out, kind.getKey().label(), kind.getValue());
        }
        row(out, "all", result.all());
        result.failures().forEach((why, count) -> out.printf("  failed %,d times: %s%n", count, why));
    }

    private static void row(final PrintStream out, final String name, final Histogram histogram)
    {
        final StringBuilder line =
            new StringBuilder(String.format("    %-30s %10s", name, String.format("%,d", histogram.getTotalCount())));
        for (final double percentile : PERCENTILES)
        {
            line.append(String.format(" %9s", time(histogram.getValueAtPercentile(percentile))));
        }
        out.println(line.append(String.format(" %9s", time(histogram.getMaxValue()))));
    }

    /**
     * @return nanoseconds as microseconds or milliseconds, three figures.
     */
    static String time(final long nanos)
    {
        if (nanos < 1_000_000)
        {
            return String.format("%.0f us", nanos / 1e3);
        }
        if (nanos < 10_000_000)
        {
            return String.format("%.2f ms", nanos / 1e6);
        }
        return String.format("%.1f ms", nanos / 1e6);
    }
}
