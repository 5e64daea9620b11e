package io.hotpath.bench.load;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.HistogramLogWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engine loadgen}: open-loop load at a fixed rate over gRPC unary calls, the gRPC Exchange
 * stream or the binary front, with a mix of payment decisions, quotes and feedback; latency
 * percentiles from planned send times, an HdrHistogram interval log, and a search for the highest
 * rate that meets a p99 target.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Open-loop load at a fixed rate (timed from planned send times); HdrHistogram percentiles and an .hlog; "
        + "--find-max searches the highest rate that meets a p99 target.")
public final class LoadGenCommand implements Callable<Integer>
{
    @Option(names = "--protocol", paramLabel = "P", defaultValue = "grpc-unary",
        description = "grpc-unary, grpc-stream (the Exchange RPC) or binary (default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "5000", description = "Requests a second (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "10",
        description = "Seconds of load before measuring, while the JIT compiles (default ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--mix", paramLabel = "KIND=W,...", defaultValue = "decide=70,quote=20,outcome=8,label=2",
        description = "Weights of decide, quote, outcome and label (default ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--tenants", paramLabel = "N", defaultValue = "16", description = "Tenants (default ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "2",
        description = "gRPC channels or binary connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261123", description = "Traffic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "HdrHistogram interval log, one histogram a second per kind (default hotpath-loadgen/<time>-<protocol>.hlog).")
    File hlog;

    @Option(names = "--find-max",
        description = "Search the highest rate whose p99 meets --p99: doubling from --rate, then halving the gap.")
    boolean findMax;

    @Option(names = "--p99", paramLabel = "MILLIS", defaultValue = "10",
        description = "p99 target for --find-max (default ${DEFAULT-VALUE} ms).")
    double p99Millis;

    @Option(names = "--max-rate", paramLabel = "N", defaultValue = "2000000",
        description = "Upper bound of --find-max (default ${DEFAULT-VALUE}).")
    long maxRate;

    @Option(names = "--refine", paramLabel = "N", defaultValue = "3",
        description = "Bisection steps of --find-max (default ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--connect", paramLabel = "HOST:PORT",
        description = "Load a running engine's gRPC front; without it, an engine starts in this process on embedded defaults.")
    String connect;

    @Option(names = "--binary-port", paramLabel = "N", description = "With --connect: the engine's binary front port.")
    int binaryPort;

    @Option(names = "--api-key", paramLabel = "KEY", description = "With --connect: an API key for the tenants' calls.")
    String apiKey;

    @Option(names = "--no-setup", description = "With --connect: the tenants already have their configs; apply none.")
    boolean noSetup;

    @Option(names = "--config", paramLabel = "FILE", description = "Without --connect: HOCON overriding the engine's embedded defaults.")
    File config;

    @Option(names = "--shards", paramLabel = "N", description = "Without --connect: shards (default 2).")
    Integer shards;

    @Option(names = "--durability", paramLabel = "MODE", description = "Without --connect: mapped (default) or sync.")
    String durability;

    @Option(names = "--wait-strategy", paramLabel = "KIND", description = "Without --connect: the shards' wait strategy.")
    String waitStrategy;

    @Option(names = "--no-progress", description = "No progress on standard error.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception
    {
        final PrintStream out = System.out;
        final LoadMix loadMix = LoadMix.parse(mix);
        final Protocol chosen = Protocol.of(protocol);
        if (rate < 1 || seconds < 1 || warmUpSeconds < 0 || connections < 1 || tenants < 1)
        {
            throw new IllegalArgumentException("--rate, --duration, --connections and --tenants must be >= 1, --warm-up >= 0");
        }
        final LoadTraffic traffic = new LoadTraffic(seed, tenants);
        try (LoadTarget target = target())
        {
            if (connect == null || !noSetup)
            {
                target.setUp(tenants, traffic.pricing);
            }
            out.printf("loadgen: %s over %s, %d connections, %d tenants, mix %s, into %s%n", findMax ? "searching the highest rate"
                : String.format("%,d requests a second", rate), chosen.label(), connections, tenants, loadMix, target.describe());
            final Path log = hlog != null ? hlog.toPath() : Path.of("hotpath-loadgen",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + chosen.label() + ".hlog");
            if (log.toAbsolutePath().getParent() != null)
            {
                Files.createDirectories(log.toAbsolutePath().getParent());
            }
            try (PrintStream logFile = new PrintStream(log.toFile()))
            {
                final HistogramLogWriter writer = writer(logFile);
                if (findMax)
                {
                    return findMax(target, chosen, traffic, loadMix, writer, out, log);
                }
                final OpenLoop.Result result = run(target, chosen, traffic, loadMix, rate, Duration.ofSeconds(warmUpSeconds),
                    Duration.ofSeconds(seconds), writer, !noProgress, connections);
                out.printf("%,d requests a second over %s for %d s (after %d s warm-up):%n", rate, chosen.label(), seconds, warmUpSeconds);
                LoadReport.print(result, out);
                out.printf("  interval histograms (nanoseconds, tagged by kind): %s%n", log.toAbsolutePath());
                return result.sustained() && result.unanswered() == 0 ? 0 : 1;
            }
        }
    }

    private int findMax(final LoadTarget target, final Protocol chosen, final LoadTraffic traffic, final LoadMix loadMix,
        final HistogramLogWriter writer, final PrintStream out, final Path log) throws Exception
    {
        final long target99 = (long)(p99Millis * 1e6);
        out.printf("find-max: each step %d s after %d s warm-up; a step passes when it is sustained, answers every request with at most "
            + "0.1%% refused or failed, and its p99 is at most %s%n", seconds, warmUpSeconds, LoadReport.time(target99));
        long passed = 0;
        long failedAt = 0;
        long step = rate;
        final List<String> steps = new ArrayList<>();
        for (int bisections = 0; bisections <= refine && step <= maxRate; )
        {
            writer.outputComment("find-max step: " + step + " requests a second");
            final OpenLoop.Result result = run(target, chosen, traffic, loadMix, step, Duration.ofSeconds(warmUpSeconds),
                Duration.ofSeconds(seconds), writer, !noProgress, connections);
            final long p99 = result.all().getValueAtPercentile(99);
            final boolean pass = result.sustained() && result.unanswered() == 0 && p99 <= target99
                && result.refused() + result.failed() <= result.sent() / 1000;
            final String line = String.format("  %,12d /s  answered %,12.0f /s  p50 %9s  p99 %9s  p99.9 %9s  refused %,d  failed %,d  %s",
                step, result.answeredPerSecond(), LoadReport.time(result.all().getValueAtPercentile(50)), LoadReport.time(p99),
                LoadReport.time(result.all().getValueAtPercentile(99.9)), result.refused(), result.failed(), pass ? "pass" : "FAIL");
            out.println(line);
            steps.add(line);
            if (pass)
            {
                passed = step;
            }
            else
            {
                failedAt = step;
            }
            if (failedAt == 0)
            {
                step = step * 2;
            }
            else
            {
                if (passed == 0 || failedAt - passed <= Math.max(1, passed / 50))
                {
                    break;
                }
                bisections++;
                step = (passed + failedAt) / 2;
            }
            Thread.sleep(2_000);
        }
        out.printf("find-max over %s: %s%n", chosen.label(), passed == 0
            ? "no rate met the target; the lowest tried was " + rate + " requests a second"
            : String.format("%,d requests a second is the highest rate tried with p99 <= %s", passed, LoadReport.time(target99)));
        out.printf("  interval histograms (nanoseconds, tagged by kind, a comment before each step): %s%n", log.toAbsolutePath());
        return passed == 0 ? 1 : 0;
    }

    /**
     * One open-loop run against {@code target}, over fresh connections closed afterwards.
     */
    static OpenLoop.Result run(final LoadTarget target, final Protocol protocol, final LoadTraffic traffic, final LoadMix mix,
        final long rate, final Duration warmUp, final Duration duration, final HistogramLogWriter log, final boolean progress,
        final int connections) throws Exception
    {
        final OpenLoop loop = new OpenLoop();
        try (LoadTransport transport = protocol.open(target, traffic, loop, connections);
             OpenLoop.Progress shown = new OpenLoop.Progress(protocol.label() + " " + rate + "/s",
                 warmUp.toSeconds() + duration.toSeconds(), progress, System.err))
        {
            return loop.run(transport, mix, rate, warmUp, duration, log, Duration.ofSeconds(1), shown);
        }
    }

    private LoadTarget target()
    {
        if (connect != null)
        {
            final int colon = connect.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("--connect: expected HOST:PORT, was \"" + connect + "\"");
            }
            return LoadTarget.connect(connect.substring(0, colon), Integer.parseInt(connect.substring(colon + 1)), binaryPort, apiKey);
        }
        final Map<String, Object> flags = new HashMap<>();
        putIfSet(flags, "hotpath.shards", shards);
        putIfSet(flags, "hotpath.journal.durability", durability);
        putIfSet(flags, "hotpath.ring.wait-strategy", waitStrategy);
        return LoadTarget.embedded(flags, config);
    }

    static HistogramLogWriter writer(final PrintStream file)
    {
        final HistogramLogWriter writer = new HistogramLogWriter(file);
        writer.outputComment("Hotpath loadgen: latency from planned send time to answer, in nanoseconds; one histogram per kind a second");
        writer.outputLogFormatVersion();
        final long now = System.currentTimeMillis();
        writer.outputStartTime(now);
        writer.setBaseTime(now);
        writer.outputLegend();
        return writer;
    }

    private static void putIfSet(final Map<String, Object> flags, final String path, final Object value)
    {
        if (value != null)
        {
            flags.put(path, value);
        }
    }

    /**
     * The three ways to reach the engine.
     */
    enum Protocol
    {
        GRPC_UNARY("grpc-unary"),
        GRPC_STREAM("grpc-stream"),
        BINARY("binary");

        private final String label;

        Protocol(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }

        static Protocol of(final String name)
        {
            for (final Protocol protocol : values())
            {
                if (protocol.label.equals(name))
                {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("--protocol: grpc-unary, grpc-stream or binary, was \"" + name + "\"");
        }

        LoadTransport open(final LoadTarget target, final LoadTraffic traffic, final LoadSink sink, final int connections)
            throws Exception
        {
            return switch (this)
            {
                case GRPC_UNARY -> new GrpcUnaryTransport(target.channels(connections), traffic, sink);
                case GRPC_STREAM -> new GrpcStreamTransport(target.channels(connections), traffic, sink);
                case BINARY -> new BinaryTransport(target.binaryClients(connections), traffic, sink);
            };
        }
    }
}
