package io.hotpath.tools.journal;

import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.tools.JournalSelection;
import io.hotpath.journal.tools.MessageJson;
import io.hotpath.server.EngineSettings;
import io.hotpath.server.ShardLogicFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine replay verify}: re-decides every journaled command through fresh shards and compares
 * every result with the journaled one, byte for byte.
 *
 * <pre>
 *   exit 0   every result compared is identical
 *   exit 1   some differ: the first are printed with their command, both results and their time
 *   exit 2   the journal or an option cannot be used
 * </pre>
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Re-run the journaled commands through fresh shards and compare every result with the journaled one.")
final class VerifyCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Mixin
    RangeOptions range;

    @Option(names = "--mismatches", paramLabel = "N", description = "Mismatches to print per shard (default 5).")
    int maxMismatches = 5;

    @Option(names = "--no-progress", description = "No progress bar on standard error.")
    boolean noProgress;

    @Option(names = "--parallel", paramLabel = "N", description = "Shards replayed at once (default: one per core).")
    Integer parallel;

    @Override
    public Integer call() throws InterruptedException
    {
        final EngineSettings settings = journal.settings();
        final ShardLogicFactory factory = ShardLogicFactory.engine(settings);
        final JournalReplayer.Range wanted = range.range();
        final PrintStream out = System.out;
        out.printf("replay verify: %s%s%n", settings.journalDir().toAbsolutePath(), describe(range));
        final List<Path> shards = journal.shardDirs();
        final int threads = Math.max(1, Math.min(shards.size(), parallel == null ? Runtime.getRuntime().availableProcessors() : parallel));
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Future<JournalReplayer.Report>> reports = new ArrayList<>();
        final long began = System.nanoTime();
        try (ReplayProgress progress = new ReplayProgress("replay", !noProgress))
        {
            for (final Path shardDir : shards)
            {
                final int shardId = JournalSelection.shardId(shardDir);
                reports.add(pool.submit(() ->
                {
                    try (JournalReader reader = JournalReader.open(shardDir))
                    {
                        final JournalReplayer.Start start = JournalReplayer.start(shardDir, reader, wanted,
                            () -> factory.create(shardId, JournalReplayer.KEEP_EXISTING_SNAPSHOTS));
                        return JournalReplayer.verify(reader, start, wanted, maxMismatches, progress);
                    }
                }));
            }
            pool.shutdown();
            long mismatches = 0;
            long commands = 0;
            for (int i = 0; i < shards.size(); i++)
            {
                final JournalReplayer.Report report = reports.get(i).get();
                print(JournalSelection.shardId(shards.get(i)), report, out);
                mismatches += report.mismatchCount();
                commands += report.commands();
            }
            final double seconds = (System.nanoTime() - began) / 1e9;
            final String verdict = mismatches == 0 ? "every result identical" : String.format("%,d results differ", mismatches);
            out.printf("replay verify: %,d commands re-decided in %.2f s on %d thread(s) (%,.0f commands/s): %s%n", commands, seconds,
                threads, commands / Math.max(1e-9, seconds), verdict);
            return mismatches == 0 ? 0 : 1;
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static String describe(final RangeOptions range)
    {
        final StringBuilder text = new StringBuilder();
        if (range.from != null)
        {
            text.append(", from ").append(range.from);
        }
        if (range.to != null)
        {
            text.append(", to ").append(range.to);
        }
        if (range.tenant != 0)
        {
            text.append(", tenant ").append(range.tenant);
        }
        return text.toString();
    }

    private static void print(final int shardId, final JournalReplayer.Report report, final PrintStream out)
    {
        final JournalReplayer.Run run = report.run();
        final JournalReplayer.Start start = run.start();
        out.printf("shard %d: %s; %,d commands re-decided in %.2f s (%,.0f commands/s); %,d results compared, %,d identical, "
            + "%,d differ, %,d commands without a journaled result, %,d torn entries passed over%n",
            shardId,
            start.snapshot() == null ? "from the journal's start"
                : String.format("from snapshot %s (engine sequence %,d)", start.snapshot().getFileName(), start.engineSequence()),
            run.commands(), run.seconds(), run.throughput(), report.compared(), report.matched(), report.mismatchCount(),
            report.unanswered(), run.torn());
        if (report.mismatches().isEmpty())
        {
            return;
        }
        final MessageJson json = new MessageJson();
        for (final JournalReplayer.Mismatch mismatch : report.mismatches())
        {
            final UnsafeBuffer command = new UnsafeBuffer(mismatch.command());
            out.printf("  MISMATCH shard %d, engine sequence %,d, journal index 0x%x, command time %s%n", shardId,
                mismatch.engineSequence(), mismatch.commandIndex(), ingressTime(command));
            out.println("    command:  " + json.print(command, 0));
            out.println("    journal:  " + json.print(new UnsafeBuffer(mismatch.expected()), 0));
            out.println("    replayed: " + json.print(new UnsafeBuffer(mismatch.actual()), 0));
        }
        if (report.mismatchCount() > report.mismatches().size())
        {
            out.printf("  ... and %,d more%n", report.mismatchCount() - report.mismatches().size());
        }
    }

    private static String ingressTime(final UnsafeBuffer command)
    {
        final long nanos = new CommandMetaDecoder().wrap(command, MessageHeaderDecoder.ENCODED_LENGTH).ingressTime();
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
