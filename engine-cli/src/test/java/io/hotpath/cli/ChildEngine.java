package io.hotpath.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code engine serve} in a process of its own, started as the launcher starts it (the test's class
 * path and JVM flags), with its output kept line by line.
 *
 * <p>A child never outlives the test JVM: one that has not ended when that JVM exits is killed, and
 * one that does not serve in time is killed when the test gives up on it.
 */
final class ChildEngine
{
    private static final Pattern SERVING = Pattern.compile("hotpath serving gRPC on [^:]+:(\\d+),");
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "child-engine-reaper"));
    }

    final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildEngine(final Process process)
    {
        this.process = process;
        final Thread reader = new Thread(this::read, "child-engine-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param serveArguments what follows {@code engine serve}.
     */
    static ChildEngine serve(final String... serveArguments) throws IOException
    {
        final List<String> arguments = new ArrayList<>(List.of("serve"));
        arguments.addAll(List.of(serveArguments));
        return run(arguments.toArray(String[]::new));
    }

    /**
     * @param arguments what follows {@code engine}: a command and its options.
     */
    static ChildEngine run(final String... arguments) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx512m", "-Dchronicle.analytics.disable=true", "-cp", System.getProperty("java.class.path"),
            EngineMain.class.getName()));
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        STARTED.add(process);
        return new ChildEngine(process);
    }

    /**
     * @return the gRPC port, once the engine says it serves.
     */
    int port() throws Exception
    {
        try
        {
            return port.get(60, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            process.destroyForcibly();
            throw new AssertionError("the engine did not serve within 60 s; it printed:\n" + output(), ex);
        }
    }

    /**
     * @return the exit status, once the process has ended.
     */
    int exitStatus() throws InterruptedException
    {
        if (!process.waitFor(90, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the engine did not end; it printed:\n" + String.join("\n", output));
        }
        return process.exitValue();
    }

    /**
     * Sends the process a signal by name (TERM, INT, KILL).
     */
    void signal(final String name) throws IOException, InterruptedException
    {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /**
     * @return what it printed so far, stdout and stderr together.
     */
    String output()
    {
        return String.join("\n", output);
    }

    private void read()
    {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                output.add(line);
                final Matcher serving = SERVING.matcher(line);
                if (serving.find())
                {
                    port.complete(Integer.parseInt(serving.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("the engine exited before serving:\n" + output()));
        }
        catch (final IOException ex)
        {
            port.completeExceptionally(ex);
        }
    }
}
