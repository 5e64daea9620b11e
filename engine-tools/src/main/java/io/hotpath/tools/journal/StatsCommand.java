package io.hotpath.tools.journal;

import io.hotpath.journal.tools.JournalStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine journal stats}: counts by type and rates over command time, per shard.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Count a journal's commands and results by type, refusals by code, and commands per interval of time.")
final class StatsCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Command time per row of the rate table (default 1m).")
    Duration interval = Duration.ofMinutes(1);

    @Override
    public Integer call()
    {
        for (final Path shardDir : journal.shardDirs())
        {
            JournalStats.print(shardDir, interval.toNanos(), System.out);
        }
        return 0;
    }
}
