package io.hotpath.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hotpath.bench.profile.Recordings;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gRPC server in a JVM of its own, started for one measurement and stopped after it: the engine on its embedded
 * defaults, or the bare grpc-java anchor. A server that shares the measuring JVM runs on code the JIT compiled while
 * that JVM ran other protocols, clients and servers before it, with their type profiles mixed into the shared gRPC and
 * Netty call sites: on the 2-core host the bare server answered h2load's pings at 205k a second in a JVM of its own
 * and 115k in the anchors' JVM. Started one at a time, each server has the host to itself and compiles for the traffic
 * it is measured on.
 *
 * <p>The child gets this JVM's {@code --add-*} flags; {@link #record} has it record itself with Flight Recorder.
 */
final class ServerProcess implements AutoCloseable
{
    private static final Pattern COMPILE_TIME = Pattern.compile("java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern TICKS_A_SECOND = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(final Process process, final int port, final Path log)
    {
        this.process = process;
        this.port = port;
        this.log = log;
        // A measurement cut short (Ctrl-C, a failure that ends this JVM) must not leave a server holding a core and a port.
        reaper = new Thread(process::destroyForcibly, "hotpath-server-process-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * The engine ({@code engine-cli/target/hotpath-engine.jar} under {@code hotpath.home}) serving gRPC on embedded
     * defaults, its journal under {@code work}.
     */
    static ServerProcess engine(final Path work) throws IOException
    {
        final int port = freePort();
        final List<String> command = java();
        command.addAll(List.of("-jar", engineJar().toString(), "serve", "--port", Integer.toString(port), "--admin-port", "-1",
            "--journal", work.resolve("journal").toString()));
        return start(command, port, work.resolve("engine.log"));
    }

    /**
     * The bare grpc-java anchor, answering every Ping with {@code pong}.
     */
    static ServerProcess bare(final Path work, final PingReply pong) throws IOException
    {
        final int port = freePort();
        final List<String> command = java();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareGrpcServer.class.getName(), Integer.toString(port),
            BareGrpcServer.encode(pong)));
        return start(command, port, work.resolve("bare.log"));
    }

    int port()
    {
        return port;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits until the server answers {@code ping} over gRPC, so that h2load, which reads no gRPC status, is known to
     * load a server that answers it.
     *
     * @throws IllegalStateException if the process ends or does not answer within a minute.
     */
    void awaitPing(final PingRequest ping) throws InterruptedException, IOException
    {
        final long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try
        {
            while (true)
            {
                try
                {
                    EngineGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).ping(ping);
                    return;
                }
                catch (final RuntimeException notYet)
                {
                    if (!process.isAlive() || System.nanoTime() > giveUp)
                    {
                        throw new IllegalStateException("the server did not answer a ping (" + notYet.getMessage() + "); its output, "
                            + log + ":\n" + Files.readString(log));
                    }
                    Thread.sleep(250);
                }
            }
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * @return the time the server's JIT has spent compiling, summed over its compiler threads, read with {@code jcmd}.
     */
    long compileNanos() throws IOException, InterruptedException
    {
        final String counters = jcmd("PerfCounter.print");
        final Matcher total = COMPILE_TIME.matcher(counters);
        final Matcher frequency = TICKS_A_SECOND.matcher(counters);
        if (!total.find() || !frequency.find())
        {
            throw new IllegalStateException("jcmd PerfCounter.print gave no compile time: " + counters);
        }
        return (long)(Long.parseLong(total.group(1)) * (1e9 / Long.parseLong(frequency.group(1))));
    }

    /**
     * Starts and stops a recording with {@code settings} that keeps nothing, as {@link Recordings#prime} does in this
     * JVM: the first recording's start throws the server's compiled code away. Without it, the compiler threads took
     * 27-30% of the host through the measured runs of both servers, whose recording started at the end of the warm-up.
     * Call it before the warm-up.
     */
    void primeRecording(final Path settings) throws IOException, InterruptedException
    {
        jcmd("JFR.start", "name=prime", "settings=" + settings.toAbsolutePath());
        jcmd("JFR.stop", "name=prime");
    }

    /**
     * Starts a Flight Recorder recording in the server, with {@code settings}, from {@code warmUp} from now for
     * {@code measure}, written to {@code recording} when it ends: call it just before the load starts.
     */
    void record(final Path recording, final Path settings, final Duration warmUp, final Duration measure)
        throws IOException, InterruptedException
    {
        final List<String> start = new ArrayList<>(List.of("JFR.start", "duration=" + measure.toSeconds() + "s",
            "settings=" + settings.toAbsolutePath(), "filename=" + recording.toAbsolutePath()));
        if (warmUp.toSeconds() > 0)
        {
            // JFR refuses a delay under a second; none starts the recording now.
            start.add("delay=" + warmUp.toSeconds() + "s");
        }
        final String output = jcmd(start.toArray(new String[0]));
        if (!output.contains("scheduled to start") && !output.contains("Started recording"))
        {
            throw new IllegalStateException("jcmd JFR.start failed: " + output);
        }
    }

    private String jcmd(final String... command) throws IOException, InterruptedException
    {
        final List<String> line = new ArrayList<>(List.of(jdkTool("jcmd"), Long.toString(process.pid())));
        line.addAll(List.of(command));
        final Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        final String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0)
        {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /**
     * Stops the server with SIGTERM, so that it shuts down as it would in service, and waits for it.
     */
    @Override
    public void close()
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // The hook is running or about to: it stops the process.
        }
        process.destroy();
        try
        {
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the packaged engine, {@code engine-cli/target/hotpath-engine.jar} under {@code hotpath.home}.
     * @throws IllegalStateException if it has not been built.
     */
    static Path engineJar()
    {
        final Path jar = Path.of(System.getProperty("hotpath.home", "."), "engine-cli", "target", "hotpath-engine.jar");
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException("no engine at " + jar + ": build it (mvn -DskipTests package)");
        }
        return jar;
    }

    /**
     * @return the start of a command line for a child JVM: this JDK's {@code java}, with this JVM's {@code --add-*} flags
     *         (which Chronicle needs) and its logback settings; the caller adds the rest.
     */
    static List<String> java()
    {
        final List<String> command = new ArrayList<>();
        command.add(jdkTool("java"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dlogback"))
            {
                command.add(argument);
            }
        }
        return command;
    }

    private static ServerProcess start(final List<String> command, final int port, final Path log) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(process, port, log);
    }

    /**
     * @return a loopback port free now, for a child to bind.
     */
    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static String jdkTool(final String name)
    {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
