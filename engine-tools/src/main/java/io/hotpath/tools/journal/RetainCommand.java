package io.hotpath.tools.journal;

import io.hotpath.journal.JournalRetention;
import io.hotpath.journal.tools.JournalSelection;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine journal retain}: applies the retention policy once, as the engine does on its
 * timer; for a journal whose engine is stopped, or from cron. See {@link JournalRetention}.
 */
@Command(name = "retain", mixinStandardHelpOptions = true,
    description = "Delete or archive the roll cycles the retention policy lets go (only those the oldest snapshot covers).")
final class RetainCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--mode", paramLabel = "MODE", description = "delete or archive (default: hotpath.journal.retention.mode).")
    String mode;

    @Option(names = "--keep-cycles", paramLabel = "N", description = "Roll cycles always kept besides the newest "
        + "(default: hotpath.journal.retention.keep-cycles).")
    Integer keepCycles;

    @Option(names = "--archive-dir", paramLabel = "DIR", description = "Where archive moves cycles "
        + "(default: hotpath.journal.retention.archive-dir).")
    File archiveDir;

    @Override
    public Integer call()
    {
        final JournalRetention.Policy configured = journal.settings().journal().retention();
        final JournalRetention.Mode chosen = mode == null ? configured.mode() : parse(mode);
        final Path archive = archiveDir != null ? archiveDir.toPath()
            : configured.archiveDir() != null ? configured.archiveDir() : Path.of("hotpath-archive");
        final int kept = keepCycles == null ? configured.keepCycles() : keepCycles;
        final JournalRetention.Policy policy =
            new JournalRetention.Policy(chosen, kept, chosen == JournalRetention.Mode.ARCHIVE ? archive : null);
        for (final Path shardDir : journal.shardDirs())
        {
            final JournalRetention.Report report = JournalRetention.apply(shardDir, policy);
            System.out.printf("shard %d: %s: %d command and %d result roll cycles removed%s; the journal starts at engine sequence %,d; "
                + "oldest snapshot at %,d%n", JournalSelection.shardId(shardDir), chosen.name().toLowerCase(Locale.ROOT),
                report.commandCycles().size(), report.resultCycles().size(),
                chosen == JournalRetention.Mode.ARCHIVE && report.removedAny() ? " to " + archive.resolve(shardDir.getFileName()) : "",
                report.firstSequence(), report.snapshotFloor());
        }
        return 0;
    }

    private static JournalRetention.Mode parse(final String text)
    {
        try
        {
            return JournalRetention.Mode.valueOf(text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--mode must be keep, delete or archive, was " + text, ex);
        }
    }
}
