package io.hotpath.tools;

import io.hotpath.server.EngineCommandLine;
import io.hotpath.tools.journal.JournalCommand;
import io.hotpath.tools.journal.ReplayCommand;
import picocli.CommandLine.Command;

/**
 * Runs the tools' commands as {@code engine journal ...} and {@code engine replay ...} run them.
 */
public final class ToolCommandLine
{
    @Command(name = "engine", subcommands = {JournalCommand.class, ReplayCommand.class})
    static final class Tools
    {
    }

    private ToolCommandLine()
    {
    }

    public static EngineCommandLine.Run run(final String... args)
    {
        return EngineCommandLine.run(new Tools(), args);
    }
}
