package io.hotpath.bench.load;

import com.google.protobuf.MessageLite;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Clients in processes of their own, for the anchors that must not share a JVM with the server: h2load (nghttp2's C
 * load generator) for gRPC saturation, and the project's load generator for latency at a fixed rate.
 */
final class ExternalClients
{
    private static final Pattern RATE = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s");
    private static final Pattern REQUESTS = Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, "
        + "(\\d+) failed, (\\d+) errored");

    private ExternalClients()
    {
    }

    /**
     * @return the h2load to run: the one on the PATH, or, when there is none and this process may, the one Debian's
     *         {@code nghttp2-client} installs.
     * @throws IllegalStateException if there is none and it cannot be installed here.
     */
    static Path h2load(final PrintStream out) throws IOException, InterruptedException
    {
        final Path found = onPath("h2load");
        if (found != null)
        {
            return found;
        }
        if (onPath("apt-get") == null || !"root".equals(System.getProperty("user.name")))
        {
            throw new IllegalStateException("h2load is not installed and cannot be installed by this user: install nghttp2-client "
                + "(apt-get install nghttp2-client)");
        }
        out.println("anchors: installing h2load (apt-get install nghttp2-client)");
        final Process install = new ProcessBuilder("apt-get", "install", "-y", "-q", "nghttp2-client").inheritIO().start();
        if (install.waitFor() != 0 || onPath("h2load") == null)
        {
            throw new IllegalStateException("apt-get install nghttp2-client failed (exit " + install.exitValue() + ")");
        }
        return onPath("h2load");
    }

    /**
     * Saturates one unary gRPC method with h2load: {@code connections} connections, {@code streams} calls in flight on
     * each, every call the same request. h2load judges a call by its HTTP status and does not read gRPC's trailers, so
     * a call the server refused with a gRPC status counts as answered: the caller checks that the same request succeeds
     * from a gRPC client first.
     *
     * @return calls answered a second over the measured time.
     */
    static double h2loadUnary(final Path h2load, final int port, final String method, final MessageLite request, final int connections,
        final int streams, final Duration warmUp, final Duration measure) throws IOException, InterruptedException
    {
        final Path body = Files.createTempFile("hotpath-h2load-", ".grpc");
        try
        {
            final byte[] message = request.toByteArray();
            // A gRPC message on the wire: not compressed (0), its length (4 bytes, big-endian), the message.
            Files.write(body, ByteBuffer.allocate(5 + message.length).put((byte)0).putInt(message.length).put(message).array());
            final List<String> command = List.of(h2load.toString(), "-c", Integer.toString(connections), "-m", Integer.toString(streams),
                "-t", "1", "--warm-up-time=" + warmUp.toSeconds() + "s", "-D", measure.toSeconds() + "s", "-d", body.toString(),
                "-H", "content-type: application/grpc", "-H", "te: trailers", "http://127.0.0.1:" + port + "/" + method);
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(warmUp.toSeconds() + measure.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IllegalStateException("h2load failed: " + output);
            }
            final Matcher requests = REQUESTS.matcher(output);
            final Matcher rate = RATE.matcher(output);
            if (!requests.find() || !rate.find())
            {
                throw new IllegalStateException("h2load printed no rate: " + output);
            }
            if (Long.parseLong(requests.group(5)) + Long.parseLong(requests.group(6)) > 0 || Long.parseLong(requests.group(4)) == 0)
            {
                throw new IllegalStateException("h2load's calls failed: " + requests.group());
            }
            return Double.parseDouble(rate.group(1));
        }
        finally
        {
            Files.deleteIfExists(body);
        }
    }

    /**
     * Runs {@code engine loadgen} in a process of its own against a server already set up: payment decisions only, open
     * loop at {@code rate}, over gRPC unary.
     *
     * @return the latency of every answer measured (after the warm-up), from its planned send time, in nanoseconds.
     */
    static Histogram loadgenLatency(final int port, final long rate, final Duration warmUp, final Duration measure, final int tenants)
        throws IOException, InterruptedException
    {
        final Path log = Files.createTempFile("hotpath-anchors-", ".hlog");
        try
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
            {
                if (argument.startsWith("--add-"))
                {
                    command.add(argument);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hotpath.bench.BenchMain", "loadgen",
                "--connect", "127.0.0.1:" + port, "--no-setup", "--no-progress", "--rate", Long.toString(rate),
                "--warm-up", Long.toString(warmUp.toSeconds()), "--duration", Long.toString(measure.toSeconds()),
                "--mix", "decide=100", "--tenants", Integer.toString(tenants), "--hlog", log.toString()));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(warmUp.toSeconds() + measure.toSeconds() + 120, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IllegalStateException("the load generator failed: " + output);
            }
            final Histogram all = new Histogram(3);
            final HistogramLogReader reader = new HistogramLogReader(log.toFile());
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                all.add((Histogram)interval);
            }
            if (all.getTotalCount() == 0)
            {
                throw new IllegalStateException("the load generator logged no answers: " + output);
            }
            return all;
        }
        finally
        {
            Files.deleteIfExists(log);
        }
    }

    private static Path onPath(final String program)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
