package io.hotpath.tools.journal;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code engine journal}: reads a journal without re-deciding anything ({@code dump}, {@code stats},
 * {@code latency}), or writes a synthetic one ({@code generate}).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Inspect a journal (dump, stats, latency) or generate a synthetic one.",
    subcommands = {DumpCommand.class, StatsCommand.class, LatencyCommand.class, GenerateCommand.class, RetainCommand.class})
public final class JournalCommand implements Runnable
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
