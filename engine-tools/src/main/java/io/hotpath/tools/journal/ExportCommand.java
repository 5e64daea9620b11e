package io.hotpath.tools.journal;

import io.hotpath.export.ExportSettings;
import io.hotpath.export.ExportStats;
import io.hotpath.export.Exporter;
import io.hotpath.export.Exporters;
import io.hotpath.journal.Bound;
import io.hotpath.journal.tools.JournalSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine export}: publishes a journal's decisions to the sinks {@code hotpath.export} enables, as the exporter in
 * {@code serve} does, from the position each sink stored; or publishes a range again ({@code --from}, {@code --to})
 * without moving any position.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Publish a journal's decisions to the sinks hotpath.export.kafka and hotpath.export.postgres enable, exactly once, "
        + "resuming where each sink stopped; with --from/--to, publish that range again (a backfill) without moving any position.",
        "The sinks come from --engine-config (hotpath.export); hotpath.export.enabled need not be set."})
public final class ExportCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--from", paramLabel = "SEQ|INDEX|TIME", description = "Backfill from this command: an engine sequence, a journal "
        + "index (0x...) or an ISO-8601 instant of command time.")
    String from;

    @Option(names = "--to", paramLabel = "SEQ|INDEX|TIME", description = "Backfill up to this command, as --from.")
    String to;

    @Option(names = "--follow", description = "Keep publishing as the engine journals, until SIGTERM or SIGINT.")
    boolean follow;

    @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop with an error when a sink has failed this long without a success (default 5m; not with --follow).")
    Duration giveUpAfter = Duration.ofMinutes(5);

    @Override
    public Integer call() throws InterruptedException
    {
        final ExportSettings configured = ExportSettings.from(journal.config());
        if (configured.kafka() == null && configured.postgres() == null)
        {
            System.err.println("engine export: no sink: set hotpath.export.kafka.enabled or hotpath.export.postgres.enabled "
                + "in --engine-config");
            return 2;
        }
        final List<Path> shardDirs = journal.shardDirs();
        final int[] shards = shardDirs.stream().mapToInt(JournalSelection::shardId).toArray();
        final Path root = shardDirs.get(0).getParent();
        final Bound lower = Bound.parse(from);
        final Bound upper = Bound.parse(to);
        final long started = System.nanoTime();
        try (Exporters exporters = Exporters.create(configured, root, shards, null))
        {
            if (lower.isSet() || upper.isSet())
            {
                for (final Exporter exporter : exporters.exporters())
                {
                    for (final int shard : shards)
                    {
                        final long published = exporter.backfill(shard, lower, upper);
                        System.out.printf("%s: shard %d: %,d events published again (positions unchanged)%n", exporter.sinkName(),
                            shard, published);
                    }
                }
                return 0;
            }
            if (follow)
            {
                exporters.start();
                System.out.printf("exporting %s to %s; stop with SIGTERM or SIGINT%n", root,
                    exporters.exporters().stream().map(Exporter::sinkName).toList());
                final CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() ->
                {
                    // Stops each exporter's thread; the try's close, after, finds them stopped.
                    exporters.exporters().forEach(Exporter::close);
                    report(exporters, started);
                    stopped.countDown();
                }, "hotpath-export-stop"));
                stopped.await();
                return 0;
            }
            // One sink after the other, each timed on its own.
            for (final Exporter exporter : exporters.exporters())
            {
                final long began = System.nanoTime();
                exporter.drain(giveUpAfter);
                report(exporter, began);
            }
        }
        return 0;
    }

    private static void report(final Exporters exporters, final long started)
    {
        for (final Exporter exporter : exporters.exporters())
        {
            report(exporter, started);
        }
    }

    private static void report(final Exporter exporter, final long started)
    {
        final double seconds = (System.nanoTime() - started) / 1e9;
        {
            final ExportStats stats = exporter.stats();
            final Histogram lag = stats.commitLagMicros();
            final int[] shards = stats.shards();
            final StringBuilder positions = new StringBuilder();
            for (int i = 0; i < shards.length; i++)
            {
                positions.append(i == 0 ? "" : ", ").append("shard ").append(shards[i]).append(" at ").append(stats.engineSequence(i));
            }
            System.out.printf("%s: %,d events in %.1f s (%,.0f/s), %d failures, %d poison entries; %s; command to commit p50 %.1f ms, "
                + "p99 %.1f ms%n", exporter.sinkName(), stats.events(), seconds, stats.events() / Math.max(seconds, 1e-3),
                stats.failures(), poison(stats), positions, lag.getValueAtPercentile(50) / 1e3, lag.getValueAtPercentile(99) / 1e3);
        }
    }

    private static long poison(final ExportStats stats)
    {
        long total = 0;
        for (int i = 0; i < stats.shards().length; i++)
        {
            total += stats.poison(i);
        }
        return total;
    }
}
