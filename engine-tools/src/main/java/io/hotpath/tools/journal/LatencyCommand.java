package io.hotpath.tools.journal;

import io.hotpath.journal.tools.JournalLatency;
import io.hotpath.journal.tools.JournalSelection;
import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine journal latency}: ingress-to-egress percentiles per command type from the journaled
 * timestamps, and an HdrHistogram interval log.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Percentiles of ingress-to-egress time per command type, from the journaled timestamps; optionally an .hlog.")
final class LatencyCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write an HdrHistogram interval log (nanoseconds); with several shards, one file each, named FILE-shard-N.hlog.")
    File hlog;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Command time per interval of the log (default 1s).")
    Duration interval = Duration.ofSeconds(1);

    @Override
    public Integer call() throws FileNotFoundException
    {
        final List<Path> shards = journal.shardDirs();
        for (final Path shardDir : shards)
        {
            final int shardId = JournalSelection.shardId(shardDir);
            final Path log = hlog == null ? null : shards.size() == 1 ? hlog.toPath() : perShard(hlog.toPath(), shardId);
            JournalLatency.print(shardId, JournalLatency.measure(shardDir, log, interval.toNanos()), System.out);
            if (log != null)
            {
                System.out.printf("  interval log: %s%n", log.toAbsolutePath());
            }
        }
        return 0;
    }

    private static Path perShard(final Path file, final int shardId)
    {
        final String name = file.getFileName().toString();
        final String stem = name.endsWith(".hlog") ? name.substring(0, name.length() - ".hlog".length()) : name;
        return file.resolveSibling(stem + "-shard-" + shardId + ".hlog");
    }
}
