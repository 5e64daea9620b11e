package io.hotpath.server;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How an {@code engine} command reports a failure: one line naming the command and what went wrong,
 * and exit status 2. A bad config or an unusable port is the operator's to fix: the message says
 * what, not where in the code.
 */
public final class OperatorErrors implements IExecutionExceptionHandler
{
    /** The exit status of a command that failed. */
    public static final int EXIT_FAILED = 2;

    /**
     * @return {@code command}'s command line, reporting failures as an operator reads them.
     */
    public static CommandLine commandLine(final Object command)
    {
        return new CommandLine(command).setExecutionExceptionHandler(new OperatorErrors());
    }

    @Override
    public int handleExecutionException(final Exception failure, final CommandLine commandLine, final ParseResult parseResult)
    {
        commandLine.getErr().println("engine " + commandLine.getCommandName() + ": " + failure.getMessage());
        return EXIT_FAILED;
    }
}
