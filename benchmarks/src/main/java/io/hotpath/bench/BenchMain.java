package io.hotpath.bench;

import io.hotpath.bench.load.AnchorsCommand;
import io.hotpath.bench.load.LoadGenCommand;
import io.hotpath.bench.load.SoakCommand;
import io.hotpath.gateway.LeakDetection;
import io.hotpath.server.EngineLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark tools that are not JMH: {@code engine loadgen} (and, with it, the soak and the
 * anchors). {@code engine bench} runs JMH itself.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, version = "Hotpath 0.1.0",
    description = "Hotpath's load tools.", subcommands = {LoadGenCommand.class, SoakCommand.class, AnchorsCommand.class})
public final class BenchMain implements Runnable
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
        System.exit(new CommandLine(new BenchMain())
            .setExecutionExceptionHandler((failure, commandLine, parseResult) ->
            {
                commandLine.getErr().println("engine " + commandLine.getCommandName() + ": " + failure.getMessage());
                return 2;
            })
            .execute(args));
    }
}
