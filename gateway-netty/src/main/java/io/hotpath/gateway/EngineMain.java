package io.hotpath.gateway;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code engine} command: {@code serve} runs the engine, {@code demo} runs it under synthetic load.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    version = "Hotpath 0.1.0",
    description = "Hotpath: payment routing, fraud scoring and real-time pricing in microseconds.",
    subcommands = {ServeCommand.class, DemoCommand.class})
public final class EngineMain implements Runnable
{
    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    public static void main(final String[] args)
    {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new EngineMain())
            .setExecutionExceptionHandler((failure, commandLine, parseResult) ->
            {
                // A bad config or an unusable port is the operator's to fix: say what, not where in the code.
                commandLine.getErr().println("engine " + commandLine.getCommandName() + ": " + failure.getMessage());
                return 2;
            })
            .execute(args));
    }
}
