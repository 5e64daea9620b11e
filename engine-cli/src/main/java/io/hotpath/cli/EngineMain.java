package io.hotpath.cli;

import io.hotpath.gateway.LeakDetection;
import io.hotpath.server.EngineLogging;
import io.hotpath.server.OperatorErrors;
import io.hotpath.tools.journal.ExportCommand;
import io.hotpath.tools.journal.JournalCommand;
import io.hotpath.tools.journal.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code engine} command: {@code serve} runs the engine, {@code demo} runs it under synthetic load,
 * {@code replay} re-decides journaled commands and {@code journal} inspects a journal.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    version = "Hotpath 0.1.0",
    description = "Hotpath: payment routing, fraud scoring and real-time pricing in microseconds.",
    subcommands = {ServeCommand.class, DemoCommand.class, ReplayCommand.class, JournalCommand.class, ExportCommand.class,
        AuthCommand.class})
public final class EngineMain implements Runnable
{
    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    public static void main(final String[] args)
    {
        EngineLogging.install();
        LeakDetection.applyForEngine();
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line, ready to execute: a failure prints one line and exits with 2.
     */
    public static CommandLine commandLine()
    {
        return OperatorErrors.commandLine(new EngineMain());
    }
}
