package io.hotpath.tools.journal;

import io.hotpath.journal.tools.JournalDump;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engine journal dump}: journal entries as JSON lines, filtered; see {@link JournalDump} for a line's fields.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Write journal entries (commands and their results) as JSON lines, filtered by tenant, type, id and range.")
final class DumpCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Mixin
    RangeOptions range;

    @Option(names = "--type", paramLabel = "NAME", split = ",",
        description = "Only these message types, commands or results (DecidePayment, PaymentDecision, Quote, CommandFailed, ...).")
    List<String> types = List.of();

    @Option(names = "--id", paramLabel = "ID", description = "Only entries with this correlation, payment or quote id.")
    long id;

    @Option(names = "--commands-only", description = "Leave the results out.")
    boolean commandsOnly;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    File file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final JournalDump.Filter filter =
            new JournalDump.Filter(range.tenant, Set.copyOf(types), id, range.fromBound(), range.toBound(), !commandsOnly);
        final List<Path> shards = journal.shardDirs();
        long written = 0;
        try (OutputStream sink = file == null ? null : new BufferedOutputStream(new FileOutputStream(file), 1 << 16))
        {
            final PrintStream out = sink == null ? System.out : new PrintStream(sink, false, StandardCharsets.UTF_8);
            for (final Path shardDir : shards)
            {
                written += JournalDump.dump(shardDir, filter, out);
            }
            out.flush();
        }
        spec.commandLine().getErr().printf("journal dump: %,d entries from %d shard(s)%n", written, shards.size());
        return 0;
    }
}
