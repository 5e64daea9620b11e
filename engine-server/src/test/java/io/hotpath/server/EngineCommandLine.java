package io.hotpath.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code engine} commands in the test's JVM as an operator would from a shell, and keeps what
 * they print. Commands print to {@code System.out}, so runs must not overlap.
 */
public final class EngineCommandLine
{
    /**
     * @param exit the exit code the process would have had.
     * @param out  standard output.
     * @param err  standard error.
     */
    public record Run(int exit, String out, String err)
    {
    }

    private EngineCommandLine()
    {
    }

    /**
     * @param command the top command, as {@code engine} would be: its subcommands are the first words of {@code args}.
     */
    public static synchronized Run run(final Object command, final String... args)
    {
        final PrintStream before = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            final CommandLine commandLine = OperatorErrors.commandLine(command);
            commandLine.setErr(new PrintWriter(err, true));
            final int exit = commandLine.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        }
        finally
        {
            System.setOut(before);
        }
    }
}
