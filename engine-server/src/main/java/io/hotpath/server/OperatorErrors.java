package io.hotpath.server;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
    /** The deepest cause a failure line looks at. */
    private static final int MAX_CAUSES = 8;

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
        commandLine.getErr().println("engine " + commandLine.getCommandName() + ": " + describe(failure));
        return EXIT_FAILED;
    }

    /**
     * @return what went wrong, for an operator: a file the JDK could not use says what was wrong with which file (its own
     *         message is the path alone), a wrapper made from its cause alone gives way to the cause, one with words of
     *         its own keeps them before the cause's, and a failure with no message at all is named by its type.
     */
    static String describe(final Throwable failure)
    {
        return describe(failure, MAX_CAUSES);
    }

    /**
     * @param causes how many causes deeper it may still look: a chain of causes can loop, and this handler must not fail.
     */
    private static String describe(final Throwable failure, final int causes)
    {
        if (failure instanceof FileSystemException file)
        {
            return fileProblem(file);
        }
        final String own = failure.getMessage();
        final Throwable cause = causes > 0 ? failure.getCause() : null;
        if (cause != null && (own == null || own.equals(cause.toString())))
        {
            return describe(cause, causes - 1);
        }
        if (own == null || own.isBlank())
        {
            return failure.getClass().getSimpleName();
        }
        return failure instanceof UncheckedIOException && cause != null ? own + ": " + describe(cause, causes - 1) : own;
    }

    private static String fileProblem(final FileSystemException failure)
    {
        final String problem;
        if (failure instanceof NoSuchFileException)
        {
            problem = "no such file";
        }
        else if (failure instanceof AccessDeniedException)
        {
            problem = "permission denied";
        }
        else if (failure instanceof FileAlreadyExistsException)
        {
            problem = "already exists";
        }
        else if (failure instanceof NotDirectoryException)
        {
            problem = "not a directory";
        }
        else if (failure instanceof DirectoryNotEmptyException)
        {
            problem = "directory not empty";
        }
        else
        {
            problem = failure.getReason() == null ? "cannot use" : failure.getReason();
        }
        return problem + ": " + failure.getFile() + (failure.getOtherFile() == null ? "" : " (and " + failure.getOtherFile() + ")");
    }
}
