package io.hotpath.bench.load;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.Status;
import io.hotpath.bench.PaymentDecisionBenchmark.Keys;
import io.hotpath.bench.TempDirs;
import io.hotpath.bench.profile.FlightProfile;
import io.hotpath.bench.profile.Recordings;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.shard.Stage;
import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.admin.StageMonitor;
import io.hotpath.gateway.binary.client.Reply;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engine anchors}: the engine beside what it is built from, in one run on one machine, with
 * the same messages: grpc-java serving the same decision with no engine behind it, bare Netty
 * answering the binary front's framing with the same result bytes, the Disruptor
 * pipeline beside the same work on {@code ArrayBlockingQueue}s, the journal beside a raw Chronicle
 * append of the same bytes, the model evaluator beside xgboost4j on the same model; and every JMH
 * hot path with its allocation. Writes the ratio table and the results to {@code benchmarks/RESULTS.md}.
 */
@Command(name = "anchors", mixinStandardHelpOptions = true,
    description = "Measure the engine beside its anchors (bare grpc-java, bare Netty, ArrayBlockingQueue, raw Chronicle, xgboost4j) "
        + "and every JMH hot path; write the ratio table and results to benchmarks/RESULTS.md.")
public final class AnchorsCommand implements Callable<Integer>
{
    private static final String BENCH = "io.hotpath.bench.";
    private static final int JIT_ROUND_SECONDS = 5;
    private static final int JIT_MAX_SECONDS = 60;
    /** ABBA blocks of alternated rounds behind each saturation ratio ({@link #alternate}). */
    private static final int ALTERNATED_BLOCKS = 3;
    /** The shard benchmarks wait as the engine's shards do on this host. */
    private static final String HOST_WAIT_STRATEGY = WaitStrategyKind.forHost(Runtime.getRuntime().availableProcessors()).name();
    private static final String PING_METHOD = "hotpath.v1.Engine/Ping";
    private static final int TENANTS = 16;
    private static final long LATENCY_RATE = 2_000;
    /**
     * How long after it is started the latency run's load generator is taken to begin its warm-up: its JVM starts in about a
     * second on the 2-core host; the engine's stages are read from the warm-up's end plus this, so none of it is counted.
     */
    private static final Duration LOADGEN_START = Duration.ofSeconds(2);
    private static final long SOAK_RATE = 5_000;
    private static final int SOAK_SNAPSHOT_SECONDS = 30;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the results (default benchmarks/RESULTS.md).")
    Path output;

    @Option(names = "--quick", description = "Short JMH iterations and network runs (about 4 minutes instead of 12); wider errors.")
    boolean quick;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "256",
        description = "Requests in flight while measuring network saturation (default ${DEFAULT-VALUE}).")
    int inFlight;

    /** The recordings of the run, by what they recorded, in the order they were taken. */
    private final Map<String, Recorded> recorded = new LinkedHashMap<>();
    private Path profiles;

    @Override
    public Integer call() throws Exception
    {
        final PrintStream out = System.out;
        final Path file = output != null ? output
            : Path.of(System.getProperty("hotpath.home", "."), "benchmarks", "RESULTS.md");
        profiles = file.toAbsolutePath().getParent().resolve("profiles");
        final Duration warmUp = Duration.ofSeconds(quick ? 5 : 10);
        final Duration measure = Duration.ofSeconds(quick ? 5 : 15);
        out.printf("anchors: network saturation (%d in flight, %d s warm-up, %d s measured each), then JMH%n", inFlight,
            warmUp.toSeconds(), measure.toSeconds());
        final Map<String, Double> network = new TreeMap<>(network(warmUp, measure, out));
        network.putAll(soak(out));
        final List<RunResult> jmh = new ArrayList<>(new Runner(jmhOptions(ONE_FORK, 1).build()).run());
        jmh.addAll(new Runner(jmhOptions(THREE_FORKS, quick ? 1 : 3).build()).run());
        network.putAll(profileJmh(out));
        final Results results = new Results(network, jmh, read(), profiles);
        Files.writeString(file, results.markdown(file, quick, inFlight, warmUp, measure));
        out.printf("anchors: wrote %s%n", file.toAbsolutePath());
        out.print(results.targetsTable());
        return 0;
    }

    private Map<String, Double> network(final Duration warmUp, final Duration measure, final PrintStream out) throws Exception
    {
        final Map<String, Double> rates = new TreeMap<>();
        final LoadTraffic traffic = new LoadTraffic(20261123L, TENANTS);
        final Path h2load = ExternalClients.h2load(out);
        final PingRequest ping = PingRequest.newBuilder().setTenantId(1).setCorrelationId(1).build();
        final PaymentDecision answer;
        final PingReply pong;
        final byte[] binaryAnswer;
        try (LoadTarget engine = LoadTarget.embedded(Map.of(), null))
        {
            engine.setUp(TENANTS, traffic.pricing);
            answer = PaymentsGrpc.newBlockingStub(engine.channels(1).get(0)).withDeadlineAfter(10, TimeUnit.SECONDS)
                .decidePayment(traffic.payments[0].toBuilder().setPaymentId(1).setCorrelationId(1).build());
            pong = EngineGrpc.newBlockingStub(engine.channels(1).get(0)).withDeadlineAfter(10, TimeUnit.SECONDS).ping(ping);
            binaryAnswer = binaryDecision(engine, traffic);
            // The JIT first, settled for each protocol just before it is measured: the other protocols' runs in between
            // change what is compiled and how. Measured on the 2-core host, the first gRPC run of a fresh JVM read 25-28k
            // decisions a second and the same run again 40-55k; after 30 s of load the compiler threads still took a third
            // of the host through the engine's gRPC run. The engine's runs come first in this JVM, so the bare servers'
            // later runs find the client's code compiled too. Recordings.prime takes the first recording's start, which
            // throws compiled code away, before any of it.
            Recordings.prime();
            for (final LoadGenCommand.Protocol protocol : LoadGenCommand.Protocol.values())
            {
                out.printf("  %s against the engine until the JIT settles: %d s, not counted%n", protocol.label(),
                    untilCompiled(engine, protocol, traffic));
                rates.put("engine " + protocol.label(), profiled("engine " + protocol.label(), warmUp,
                    () -> saturate(engine, protocol, traffic, warmUp, measure, out)));
            }
            profiled("engine latency", warmUp,
                () -> latency(rates, "engine", engine.engine().port(), engine.engine().stageMonitor(), warmUp, measure, out));
            try (BareGrpcServer bareGrpc = new BareGrpcServer(answer, pong);
                 LoadTarget grpcTarget = LoadTarget.connect("127.0.0.1", bareGrpc.port(), 0, null);
                 BareBinaryServer bareBinary = new BareBinaryServer(binaryAnswer, LoadTarget.BINARY_MAX_IN_FLIGHT);
                 LoadTarget binaryTarget = LoadTarget.connect("127.0.0.1", 0, bareBinary.port(), null))
            {
                alternateInProcess(rates, engine, grpcTarget, LoadGenCommand.Protocol.GRPC_UNARY, traffic, out);
                alternateInProcess(rates, engine, binaryTarget, LoadGenCommand.Protocol.BINARY, traffic, out);
            }
        }
        // The latency row again on an engine whose shards yield long enough between commands at this rate never to park:
        // what the wake-ups cost, and what avoiding them costs in CPU.
        try (LoadTarget yielding = LoadTarget.embedded(Map.of("hotpath.ring.wait-strategy", "phased-long-yield"), null))
        {
            yielding.setUp(TENANTS, traffic.pricing);
            latency(rates, "long-yield", yielding.engine().port(), yielding.engine().stageMonitor(), warmUp, measure, out);
        }
        try (BareGrpcServer bare = new BareGrpcServer(answer, pong);
             LoadTarget target = LoadTarget.connect("127.0.0.1", bare.port(), 0, null))
        {
            rates.put("bare grpc-unary", profiled("bare grpc-unary", warmUp,
                () -> saturate(target, LoadGenCommand.Protocol.GRPC_UNARY, traffic, warmUp, measure, out)));
            profiled("bare latency", warmUp, () -> latency(rates, "bare", bare.port(), null, warmUp, measure, out));
        }
        // h2load's servers in JVMs of their own, one at a time, with nothing else running in this one.
        final Path work = TempDirs.create("hotpath-anchors-");
        try
        {
            try (ServerProcess engine = ServerProcess.engine(work);
                 ServerProcess bare = ServerProcess.bare(work, pong))
            {
                rates.put("engine h2load ping", h2loadPing(h2load, engine, "engine", ping, warmUp, measure, out));
                rates.put("bare h2load ping", h2loadPing(h2load, bare, "bare", ping, warmUp, measure, out));
                final RoundLength round = alternatedRound(quick);
                alternate(rates, "h2load ping", alternatedBlocks(quick),
                    () -> ExternalClients.h2loadUnary(h2load, engine.port(), PING_METHOD, ping, 2, 32, round.warmUp(),
                        round.measured()),
                    () -> ExternalClients.h2loadUnary(h2load, bare.port(), PING_METHOD, ping, 2, 32, round.warmUp(),
                        round.measured()), out);
            }
        }
        finally
        {
            TempDirs.delete(work);
        }
        try (BareBinaryServer bare = new BareBinaryServer(binaryAnswer, LoadTarget.BINARY_MAX_IN_FLIGHT);
             LoadTarget target = LoadTarget.connect("127.0.0.1", 0, bare.port(), null))
        {
            rates.put("bare binary", profiled("bare binary", warmUp,
                () -> saturate(target, LoadGenCommand.Protocol.BINARY, traffic, warmUp, measure, out)));
        }
        return rates;
    }

    /**
     * Runs the protocol at saturation in rounds of {@value #JIT_ROUND_SECONDS} s until the JIT settles ({@link #untilCompiled}).
     *
     * @return the seconds it ran.
     */
    private long untilCompiled(final LoadTarget engine, final LoadGenCommand.Protocol protocol, final LoadTraffic traffic)
        throws Exception
    {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return untilCompiled(() -> TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime()), length ->
        {
            final ClosedLoop loop = new ClosedLoop(inFlight);
            try (LoadTransport transport = protocol.open(engine, traffic, loop, 2))
            {
                loop.run(transport, Duration.ZERO, length);
            }
        });
    }

    /**
     * Runs rounds of {@value #JIT_ROUND_SECONDS} s until the loaded JVM's JIT compiled for less than 5% of a round (its
     * compile time, summed over the compiler threads), or for {@value #JIT_MAX_SECONDS} s.
     *
     * @param compileNanos the loaded JVM's compile time so far.
     * @return the seconds it ran.
     */
    private static long untilCompiled(final Callable<Long> compileNanos, final Round round) throws Exception
    {
        long seconds = 0;
        long compiled;
        do
        {
            final long before = compileNanos.call();
            round.run(Duration.ofSeconds(JIT_ROUND_SECONDS));
            compiled = compileNanos.call() - before;
            seconds += JIT_ROUND_SECONDS;
        }
        while (compiled > TimeUnit.SECONDS.toNanos(JIT_ROUND_SECONDS) / 20 && seconds < JIT_MAX_SECONDS);
        return seconds;
    }

    /**
     * Pings {@code server} from h2load, recorded by Flight Recorder in the server's own JVM over the measured time. Its
     * name in the results and the recordings is "{@code who} h2load ping".
     */
    private double h2loadPing(final Path h2load, final ServerProcess server, final String who, final PingRequest ping,
        final Duration warmUp, final Duration measure, final PrintStream out) throws Exception
    {
        final String name = who + " h2load ping";
        server.awaitPing(ping);
        final Path settings = Recordings.settingsFile(Files.createDirectories(profiles));
        server.primeRecording(settings);
        // As for the other protocols, the JIT settles before the measurement: a fresh engine still compiled for more
        // than a round after h2load's 5 s warm-up, and answered 42k pings a second while it did.
        final long settled = untilCompiled(server::compileNanos,
            length -> ExternalClients.h2loadUnary(h2load, server.port(), PING_METHOD, ping, 2, 32, Duration.ZERO, length));
        out.printf("  %s until the JIT settles: %d s, not counted%n", name, settled);
        final Path recording = profiles.resolve(name.replace(' ', '-') + ".jfr");
        server.record(recording, settings, warmUp, measure);
        final double rate = ExternalClients.h2loadUnary(h2load, server.port(), PING_METHOD, ping, 2, 32, warmUp, measure);
        recorded.put(name, new Recorded(recording, thread -> true));
        out.printf("  %s, in a JVM of its own, Ping from h2load (2 connections, 32 streams each): %,.0f calls a second%n", who, rate);
        return rate;
    }

    /**
     * Alternates closed-loop rounds of {@code protocol} against the engine and against {@code bare}, both in this JVM, once
     * the bare server's code has compiled as the engine's has ({@link #alternate}).
     */
    private void alternateInProcess(final Map<String, Double> into, final LoadTarget engine, final LoadTarget bare,
        final LoadGenCommand.Protocol protocol, final LoadTraffic traffic, final PrintStream out) throws Exception
    {
        out.printf("  bare %s until the JIT settles: %d s, not counted%n", protocol.label(), untilCompiled(bare, protocol, traffic));
        final RoundLength round = alternatedRound(quick);
        alternate(into, protocol.label(), alternatedBlocks(quick),
            () -> closedLoop(engine, protocol, traffic, round.warmUp(), round.measured()),
            () -> closedLoop(bare, protocol, traffic, round.warmUp(), round.measured()), out);
    }

    /**
     * Measures a saturation ratio against the host's drift. The host's speed moves by tens of per cent within minutes (bare
     * grpc-java read 137k and 60k decisions a second an hour apart on the 2-core host, and 110k in a run between), and the
     * single runs of engine and bare come minutes apart. So both servers stay up, and short rounds alternate between them in
     * {@code blocks} blocks of four, engine, bare, bare, engine: a drift that is steady over a block weighs on
     * both sides alike. Puts the median of the blocks' ratios (the engine's two rounds over bare's two) into {@code into} as
     * "{@code name} alternated", and the lowest and highest as "{@code name} alternated low" and "... high".
     */
    static void alternate(final Map<String, Double> into, final String name, final int blocks, final Callable<Double> engine,
        final Callable<Double> bare, final PrintStream out) throws Exception
    {
        final double[] ratios = new double[blocks];
        for (int block = 0; block < blocks; block++)
        {
            final double engineFirst = engine.call();
            final double bareFirst = bare.call();
            final double bareSecond = bare.call();
            final double engineSecond = engine.call();
            ratios[block] = (engineFirst + engineSecond) / (bareFirst + bareSecond);
            out.printf("  %s alternated, block %d: engine %,.0f and %,.0f, bare %,.0f and %,.0f a second: %.2f%n", name, block + 1,
                engineFirst, engineSecond, bareFirst, bareSecond, ratios[block]);
        }
        Arrays.sort(ratios);
        into.put(name + " alternated", blocks % 2 == 1 ? ratios[blocks / 2] : (ratios[blocks / 2 - 1] + ratios[blocks / 2]) / 2);
        into.put(name + " alternated low", ratios[0]);
        into.put(name + " alternated high", ratios[blocks - 1]);
        into.put(name + " alternated blocks", (double)blocks);
    }

    /**
     * @return the blocks of alternated rounds behind each saturation ratio.
     */
    private static int alternatedBlocks(final boolean quick)
    {
        return quick ? 1 : ALTERNATED_BLOCKS;
    }

    /**
     * @return the warm-up and the measured length of one alternated round.
     */
    private static RoundLength alternatedRound(final boolean quick)
    {
        return quick ? new RoundLength(Duration.ofSeconds(1), Duration.ofSeconds(2))
            : new RoundLength(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /**
     * How long a round loads its server before it counts, and how long it counts.
     */
    private record RoundLength(Duration warmUp, Duration measured)
    {
    }

    /**
     * @return the answers a second of one closed-loop round of {@code protocol} against {@code target}, printing nothing.
     */
    private double closedLoop(final LoadTarget target, final LoadGenCommand.Protocol protocol, final LoadTraffic traffic,
        final Duration warmUp, final Duration measure) throws Exception
    {
        final ClosedLoop loop = new ClosedLoop(inFlight);
        try (LoadTransport transport = protocol.open(target, traffic, loop, 2))
        {
            return loop.run(transport, warmUp, measure);
        }
    }

    /**
     * One round of load of the given length.
     */
    @FunctionalInterface
    private interface Round
    {
        void run(Duration length) throws Exception;
    }

    /**
     * Open-loop decisions at {@link #LATENCY_RATE} a second from a load generator in its own process; p50 and p99 go into
     * {@code into} as "{@code who} p50" and "{@code who} p99", in nanoseconds. For the engine ({@code stages} not null), also
     * the p50 and p99 of its own pipeline stages over the measured part of the run, as "{@code who} decision p50" (from the
     * event loop's publish to the result written on the shard's thread) and "{@code who} egress p50" (to the reply handed to
     * the call), likewise "... p99", and as "{@code who} egress over p99" the share of the commands that spent at least the
     * client's p99 from publish to the reply handed to the call.
     */
    private static Void latency(final Map<String, Double> into, final String who, final int port, final StageMonitor stages,
        final Duration warmUp, final Duration measure, final PrintStream out) throws Exception
    {
        // The stages are read again once the load generator's warm-up is over: its JVM starts before it sends anything.
        final CompletableFuture<Histogram[]> before = stages == null ? null : CompletableFuture.supplyAsync(
            () -> stageHistograms(stages), CompletableFuture.delayedExecutor(warmUp.plus(LOADGEN_START).toMillis(), TimeUnit.MILLISECONDS));
        final OperatingSystemMXBean system = (OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        final long cpuBefore = system.getProcessCpuTime();
        final long start = System.nanoTime();
        final Histogram latency = ExternalClients.loadgenLatency(port, LATENCY_RATE, warmUp, measure.multipliedBy(2), TENANTS);
        final double cores = (double)(system.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - start);
        final long p99 = latency.getValueAtPercentile(99);
        into.put(who + " p50", (double)latency.getValueAtPercentile(50));
        into.put(who + " p99", (double)p99);
        into.put(who + " cores", cores);
        out.printf("  %s, %,d decisions a second open loop from another process: p50 %s, p99 %s (%,d answers), the server's "
            + "process %.2f cores%n", who, LATENCY_RATE, LoadReport.time(latency.getValueAtPercentile(50)), LoadReport.time(p99),
            latency.getTotalCount(), cores);
        if (stages != null)
        {
            final Histogram[] after = stageHistograms(stages);
            for (final Stage stage : new Stage[] {Stage.DECISION, Stage.EGRESS})
            {
                after[stage.ordinal()].subtract(before.join()[stage.ordinal()]);
                for (final int percentile : new int[] {50, 99})
                {
                    into.put(who + " " + stage.name().toLowerCase(Locale.ROOT) + " p" + percentile,
                        (double)after[stage.ordinal()].getValueAtPercentile(percentile));
                }
            }
            final Histogram egress = after[Stage.EGRESS.ordinal()];
            final double overP99 = shareAtLeast(egress, p99);
            into.put(who + " egress over p99", overP99);
            out.printf("    inside the engine, from publish: result written p50 %s, reply handed to the call p50 %s, p99 %s; "
                + "%.3f%% of commands took the client's p99 or more there%n",
                LoadReport.time(after[Stage.DECISION.ordinal()].getValueAtPercentile(50)),
                LoadReport.time(egress.getValueAtPercentile(50)), LoadReport.time(egress.getValueAtPercentile(99)), 100 * overP99);
        }
        return null;
    }

    /**
     * @return the share of {@code histogram}'s values that are {@code value} or more (within its precision).
     */
    static double shareAtLeast(final Histogram histogram, final long value)
    {
        if (histogram.getTotalCount() == 0)
        {
            return 0;
        }
        final long from = histogram.lowestEquivalentValue(value);
        final long below = from <= 0 ? 0 : histogram.getCountBetweenValues(0, from - 1);
        return (double)(histogram.getTotalCount() - below) / histogram.getTotalCount();
    }

    /**
     * @return what every shard recorded for each stage since the engine started, read now rather than at the last tick.
     */
    private static Histogram[] stageHistograms(final StageMonitor stages)
    {
        stages.tick();
        final Histogram[] histograms = new Histogram[Stage.values().length];
        for (final Stage stage : Stage.values())
        {
            histograms[stage.ordinal()] = stages.sinceStart(stage);
        }
        return histograms;
    }

    /**
     * A recording's file, and which of the recorded JVM's threads are the ones under test.
     */
    private record Recorded(Path file, Predicate<String> threads)
    {
    }

    /**
     * Runs {@code work} with this JVM recorded by Flight Recorder once its warm-up is over, into the profiles folder.
     */
    private <T> T profiled(final String name, final Duration warmUp, final Callable<T> work) throws Exception
    {
        final Path file = profiles.resolve(name.replace(' ', '-') + ".jfr");
        final T result = Recordings.during(file, warmUp, work);
        recorded.put(name, new Recorded(file, thread -> true));
        return result;
    }

    /**
     * The JMH rows of the targets again, each recorded over its measurement by JMH's Flight Recorder profiler with this
     * tool's settings: a run of their own, so that the recording costs nothing in the figures above.
     *
     * @return each recorded run's score, under {@code "jmh <row>"}: what the recording's CPU shares divide by.
     */
    private Map<String, Double> profileJmh(final PrintStream out) throws Exception
    {
        final Map<String, Double> scores = new TreeMap<>();
        final Path settings = Recordings.settingsFile(Files.createDirectories(profiles));
        final String[][] rows = {{"decision", "PaymentDecisionBenchmark.decide", ""},
            {"decision shard", "DecisionShardBenchmark.publishDecision", "SHARED"}, {"snapshot", "SnapshotBenchmark.takeSnapshot", ""}};
        for (final String[] row : rows)
        {
            final Path dir = profiles.resolve("jmh-" + row[0].replace(' ', '-'));
            final ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BENCH + row[1].replace(".", "\\.") + "$")
                .forks(1)
                .warmupIterations(3)
                .measurementIterations(quick ? 3 : 5)
                .jvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments().toArray(new String[0]))
                .addProfiler(JavaFlightRecorderProfiler.class, "dir=" + dir + ";configName=" + settings)
                .shouldFailOnError(true);
            if (!row[2].isEmpty())
            {
                options.param("threading", row[2]).param("waitStrategy", HOST_WAIT_STRATEGY);
            }
            if (row[1].startsWith("PaymentDecision"))
            {
                options.param("keys", "SHARD");
            }
            out.printf("anchors: %s again, recorded%n", row[1]);
            scores.put("jmh " + row[0], new Runner(options.build()).run().iterator().next().getPrimaryResult().getScore());
            try (Stream<Path> files = Files.walk(dir))
            {
                final Path file = files.filter(path -> path.getFileName().toString().endsWith(".jfr")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("JMH wrote no recording of " + row[1] + " under " + dir));
                recorded.put("jmh " + row[0], new Recorded(file, thread -> true));
            }
        }
        return scores;
    }

    private Map<String, FlightProfile> read() throws IOException
    {
        final Map<String, FlightProfile> read = new LinkedHashMap<>();
        for (final Map.Entry<String, Recorded> entry : recorded.entrySet())
        {
            read.put(entry.getKey(), FlightProfile.read(entry.getKey(), entry.getValue().file(), entry.getValue().threads()));
        }
        return read;
    }

    /**
     * The engine in its own process at {@link #SOAK_RATE} a second through the binary front, a snapshot every
     * {@link #SOAK_SNAPSHOT_SECONDS} seconds: the worst interval p99.9 with a snapshot and without, in nanoseconds.
     */
    private Map<String, Double> soak(final PrintStream out) throws Exception
    {
        final SoakCommand soak = new SoakCommand();
        soak.rate = SOAK_RATE;
        soak.snapshotEvery = SOAK_SNAPSHOT_SECONDS;
        soak.seconds = quick ? 60 : 150;
        soak.warmUpSeconds = quick ? 15 : 30;
        soak.interval = 5;
        soak.mix = "decide=70,quote=20,outcome=8,label=2";
        soak.tenants = TENANTS;
        soak.heap = "1g";
        soak.flightRecording = profiles.resolve("soak-engine.jfr");
        out.printf("anchors: soak, %,d a second for %d s after %d s, a snapshot every %d s%n", SOAK_RATE, soak.seconds, soak.warmUpSeconds,
            SOAK_SNAPSHOT_SECONDS);
        final SoakCommand.Outcome outcome = soak.soak(out);
        recorded.put("soak", new Recorded(soak.flightRecording, thread -> thread.startsWith("hotpath-shard")));
        if (!outcome.result().sustained())
        {
            throw new IllegalStateException("the soak was not sustained at " + SOAK_RATE + " a second");
        }
        return Map.of("soak with snapshot", (double)outcome.worstP999(true), "soak without snapshot", (double)outcome.worstP999(false),
            "soak first hold", outcome.longestHold(true), "soak later hold", outcome.longestHold(false));
    }

    /**
     * @return the result message the engine's binary front gives for a payment of the traffic.
     */
    static byte[] binaryDecision(final LoadTarget engine, final LoadTraffic traffic) throws Exception
    {
        final DecidePaymentCommand command = new DecidePaymentCommand();
        final Status invalid = PaymentsService.adapt(traffic.payments[0].toBuilder().setPaymentId(2).setCorrelationId(2).build(), command);
        if (invalid != null)
        {
            throw new IllegalStateException("the traffic's first payment is invalid: " + invalid);
        }
        final Reply reply = engine.binaryClients(1).get(0).call(command, Duration.ofSeconds(10));
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("the engine did not decide the traffic's first payment: " + reply.code());
        }
        return reply.message();
    }

    private double saturate(final LoadTarget target, final LoadGenCommand.Protocol protocol, final LoadTraffic traffic,
        final Duration warmUp, final Duration measure, final PrintStream out) throws Exception
    {
        final double rate = closedLoop(target, protocol, traffic, warmUp, measure);
        out.printf("  %s, %s: %,.0f decisions a second%n", target.engine() != null ? "engine"
            : protocol == LoadGenCommand.Protocol.BINARY ? "bare Netty" : "bare grpc-java", protocol.label(), rate);
        return rate;
    }

    /** The JMH benchmarks run in one fork. */
    private static final String ONE_FORK =
        "ShardPipeline|QueuePipeline|RingHop|JournalAppend|FraudModel|FraudScore|MixedShard|Routing|Pricing|SbeCodec|Replay|Snapshot";
    /** The benchmarks of the two targets on the logic thread, in three forks: their figure moves from fork to fork. */
    private static final String THREE_FORKS = "PaymentDecision|DecisionShard";

    private ChainedOptionsBuilder jmhOptions(final String benchmarks, final int forks)
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(BENCH + "(" + benchmarks + ")Benchmark")
            .param("waitStrategy", HOST_WAIT_STRATEGY)
            .param("replicated", "false")
            .addProfiler(GCProfiler.class)
            .forks(forks)
            .jvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments().toArray(new String[0]))
            .shouldFailOnError(true);
        if (quick)
        {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        return options;
    }

    /**
     * The measurements, the targets judged on them, and the page.
     */
    private static final class Results
    {
        /**
         * A target of the performance issue and the recordings that show what bounds it; at saturation, the engine's run and
         * the bare server's, whose CPU a call compares.
         */
        private record Bound(String title, boolean saturation, String... runs)
        {
        }

        private static final Bound[] BOUNDS = {
            new Bound("gRPC Ping from h2load", true, "engine h2load ping", "bare h2load ping"),
            new Bound("gRPC DecidePayment at saturation", true, "engine grpc-unary", "bare grpc-unary"),
            new Bound("binary front vs bare Netty", true, "engine binary", "bare binary"),
            new Bound("latency at 2,000 decisions/s (p50 and p99)", false, "engine latency", "bare latency"),
            new Bound("one payment decision on the logic thread (JMH)", false, "jmh decision"),
            new Bound("one shard, decisions only, shared thread (JMH)", false, "jmh decision shard"),
            new Bound("soak with snapshots against without (the engine's shard threads only), and what a snapshot holds its "
                + "logic thread for (JMH)", false, "soak", "jmh snapshot")};

        private final Map<String, Double> network;
        private final List<RunResult> jmh;
        private final Map<String, FlightProfile> profiles;
        private final Path profilesDir;

        Results(final Map<String, Double> network, final Collection<RunResult> jmh, final Map<String, FlightProfile> profiles,
            final Path profilesDir)
        {
            this.network = network;
            this.jmh = new ArrayList<>(jmh);
            this.profiles = profiles;
            this.profilesDir = profilesDir;
        }

        /**
         * @return the host's CPU a call took in the recorded run, in microseconds: the cores' load times their count over the
         *         calls a second.
         */
        private double cpuPerCall(final String run)
        {
            return cpuPerOperation(profiles.get(run).hostCpu(), network.get(run));
        }

        /**
         * @return the CPU an operation took, in microseconds, from a share of the host (1 is every core busy) at
         *         {@code rate} operations a second.
         */
        private static double cpuPerOperation(final double hostShare, final double rate)
        {
            return hostShare * Runtime.getRuntime().availableProcessors() * 1e6 / rate;
        }

        String boundsSection(final Path page)
        {
            final StringBuilder text = new StringBuilder("## What bounds them\n\n")
                .append("Each target's system under test, recorded by Flight Recorder over the measured part of the same run ")
                .append("(settings `benchmarks/src/main/resources/hotpath-profile.jfc`: a CPU sample of every running Java thread ")
                .append("each 10 ms, each thread's CPU load each second, and waits over 5 ms). CPU shares are of the whole host, so ")
                .append("100% is both cores busy; in the network rows the Java client shares the JVM and is listed with the ")
                .append("server's threads, and h2load and the latency load generator are the rest of the host. The JMH rows were ")
                .append("run again for their recordings, so the recording costs nothing in the figures above. The recordings are in `")
                .append(page.toAbsolutePath().getParent().relativize(profilesDir)).append("/`; open them with JDK Mission ")
                .append("Control or `jfr print`.\n\n");
            for (final Bound bound : BOUNDS)
            {
                text.append("### ").append(bound.title()).append("\n\n");
                for (final String run : bound.runs())
                {
                    final FlightProfile profile = profiles.get(run);
                    text.append(profile == null ? "(not recorded)\n\n" : profile.markdown(profilesDir));
                }
                text.append(measuredBound(bound.runs()[0]));
                if (bound.saturation() && profiles.containsKey(bound.runs()[0]) && profiles.containsKey(bound.runs()[1]))
                {
                    final double engine = cpuPerCall(bound.runs()[0]);
                    final double bare = cpuPerCall(bound.runs()[1]);
                    final double shards = cpuPerOperation(threadShare(profiles.get(bound.runs()[0]), "hotpath-shard"),
                        network.get(bound.runs()[0]));
                    text.append(String.format(Locale.ROOT, "Host CPU a call: %.1f µs through the engine, %.1f µs bare (%.2f×); a "
                        + "host whose cores are all busy answers in inverse proportion, %.2f. Of the engine's, its shards' threads "
                        + "(ring, journal, decision, result, reply) took %.1f µs and everything else (the network threads, the "
                        + "client where it shares the JVM, the JVM itself) %.1f µs, against bare's %.1f.%n%n", engine, bare,
                        engine / bare, bare / engine, shards, engine - shards, bare));
                }
            }
            return text.toString();
        }

        /**
         * @return what the run's figures, beside its recording, say bounds the row; empty for the rows whose recordings say it
         *         alone.
         */
        private String measuredBound(final String run)
        {
            switch (run)
            {
                case "jmh decision":
                    return decisionBound();
                case "jmh decision shard":
                    return shardBound();
                case "engine latency":
                    return latencyBound();
                default:
                    return "";
            }
        }

        /**
         * The decision over a busy shard's keys against the same decision over keys that fit in cache: the difference is what
         * the velocity store's cache misses cost, and its forks show how much that moves with where a fork's memory lands.
         */
        private String decisionBound()
        {
            final RunResult shard = find("PaymentDecisionBenchmark.decide", "keys", "SHARD");
            final RunResult cached = find("PaymentDecisionBenchmark.decide", "keys", "CACHED");
            final double missing = shard.getPrimaryResult().getScore() - cached.getPrimaryResult().getScore();
            return String.format(Locale.ROOT, "Over %,d keys, all in cache, the same decisions took %,.0f ns (forks %s) against "
                + "%,.0f ns over a busy shard's %,d (forks %s): %,.0f ns a decision, %.0f%%, went to the velocity store's "
                + "cache misses, on slots spread over some %d MB. What they cost moves with where a fork's memory lands, so the "
                + "forks over the shard's keys spread wider than those in cache.%n%n",
                Keys.CACHED.velocityKeys(), cached.getPrimaryResult().getScore(), forks(cached), shard.getPrimaryResult().getScore(),
                Keys.SHARD.velocityKeys(), forks(shard), missing, 100 * missing / shard.getPrimaryResult().getScore(),
                Keys.SHARD.velocityBytes() / 1_000_000);
        }

        /**
         * Where the engine's extra p50 goes: inside its pipeline (publish to the reply handed to the call), by its own stage
         * histograms, and the rest outside it.
         */
        private String latencyBound()
        {
            final Double egress = network.get("engine egress p50");
            final Double decision = network.get("engine decision p50");
            if (egress == null || decision == null)
            {
                return "";
            }
            final double bare = network.get("bare p50");
            final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "The engine's p50 was %s bare's. Its own stage "
                + "histograms over the measured part of the run put the p50 from the event loop's publish to the reply handed to "
                + "the call at %,.0f µs (%,.0f µs to the result written: the hop to the shard's thread, the journal and the "
                + "decision), a hand-off bare grpc-java does not make.", above((network.get("engine p50") - bare) / 1e3),
                egress / 1e3, decision / 1e3));
            final Double yieldingEgress = network.get("long-yield egress p50");
            if (yieldingEgress != null)
            {
                text.append(String.format(Locale.ROOT, " On the second engine, whose shards yield for up to %,d µs before they park, "
                    + "so that at this rate none waits for a publisher to wake it, that part read %,.0f µs and its p50 was %s "
                    + "bare's, with the server's process at %.2f cores against %.2f: the difference in that part is the default's "
                    + "shard thread waking for each command, which it accepts so as not to spend a core yielding.",
                    WaitStrategyKind.LONG_YIELD_MICROS, yieldingEgress / 1e3, above((network.get("long-yield p50") - bare) / 1e3),
                    network.get("long-yield cores"), network.get("engine cores")));
            }
            return text.append(p99Bound()).append(String.format("%n%n")).toString();
        }

        /**
         * @return "N µs above" or "N µs below".
         */
        private static String above(final double micros)
        {
            return String.format(Locale.ROOT, "%,.0f µs %s", Math.abs(micros), micros < 0 ? "below" : "above");
        }

        /**
         * Where the p99 is made: the commands that took the client's p99 or more inside the engine's own pipeline, against the
         * 1% that took it at the client, and what the collector and the server's process took in each run. A command's time
         * in the pipeline is part of its time at the client, so those are the most of the client's slowest 1% that the
         * pipeline alone can have made slow.
         */
        private String p99Bound()
        {
            final Double pipeline = network.get("engine egress p99");
            final Double over = network.get("engine egress over p99");
            if (pipeline == null || over == null)
            {
                return "";
            }
            final String clientP99 = LoadReport.time(network.get("engine p99").longValue());
            final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n%nThe engine's p99 read %s against bare's "
                + "%s. In the engine's own pipeline, from the event loop's publish to the reply handed to the call, the p99 over the "
                + "measured part of the run read %s, and %.3f%% of the commands spent %s or more there, against the 1%% that took "
                + "that long at the client: the rest of the client's slowest 1%% were made slow outside the pipeline, in what bare "
                + "grpc-java does too (the event loops, grpc, the load generator in its own process) and in how the host's two "
                + "cores are shared among them.", clientP99, LoadReport.time(network.get("bare p99").longValue()),
                LoadReport.time(pipeline.longValue()), 100 * over, clientP99));
            final FlightProfile engine = profiles.get("engine latency");
            final FlightProfile bare = profiles.get("bare latency");
            if (engine != null && bare != null)
            {
                text.append(String.format(Locale.ROOT, " Over the recorded seconds the collector paused the engine's JVM %s, %.1f ms "
                    + "in all, and bare's %s, %.1f ms; the engine's process used %.2f cores, bare's %.2f.", times(engine.pauses().count()),
                    engine.pauses().nanos() / 1e6, times(bare.pauses().count()), bare.pauses().nanos() / 1e6,
                    network.get("engine cores"), network.get("bare cores")));
            }
            return text.toString();
        }

        private static String times(final int count)
        {
            return count == 1 ? "once" : String.format(Locale.ROOT, "%,d times", count);
        }

        /**
         * The shard's own thread against the benchmark thread publishing to it, in the recorded run: on two cores, one each.
         */
        private String shardBound()
        {
            final FlightProfile profile = profiles.get("jmh decision shard");
            final Double rate = network.get("jmh decision shard");
            if (profile == null || rate == null)
            {
                return "";
            }
            final double stages = threadShare(profile, "-stages");
            final double publisher = threadShare(profile, "jmh-worker");
            final int cores = Runtime.getRuntime().availableProcessors();
            return String.format(Locale.ROOT, "In the recorded run (%,.0f decisions/s) the shard's thread took %.0f%% of the host "
                + "and the benchmark's publishing thread %.0f%%, a core being %.0f%%: %.1f µs of the shard thread's CPU a "
                + "decision (ring, journal, decision, result), one thread on one core, with the other core publishing.%n%n",
                rate, 100 * stages, 100 * publisher, 100.0 / cores, cpuPerOperation(stages, rate));
        }

        private static double threadShare(final FlightProfile profile, final String thread)
        {
            return profile.threads().stream().filter(share -> share.name().contains(thread)).mapToDouble(FlightProfile.Share::fraction)
                .sum();
        }

        private static String forks(final RunResult result)
        {
            final DoubleSummaryStatistics forks = result.getBenchmarkResults().stream()
                .mapToDouble(fork -> fork.getPrimaryResult().getScore()).summaryStatistics();
            return String.format(Locale.ROOT, "%,.0f–%,.0f", forks.getMin(), forks.getMax());
        }

        double score(final String benchmark, final String... params)
        {
            return find(benchmark, params).getPrimaryResult().getScore();
        }

        RunResult find(final String benchmark, final String... params)
        {
            for (final RunResult result : jmh)
            {
                if (!result.getParams().getBenchmark().equals(BENCH + benchmark))
                {
                    continue;
                }
                boolean matches = true;
                for (int i = 0; i < params.length; i += 2)
                {
                    matches &= params[i + 1].equals(result.getParams().getParam(params[i]));
                }
                if (matches)
                {
                    return result;
                }
            }
            throw new IllegalStateException("no JMH result for " + benchmark + " " + String.join(" ", params));
        }

        String targetsTable()
        {
            final StringBuilder table = new StringBuilder()
                .append("| target | measured | ratio | goal | met |\n|---|---|---:|---:|---|\n");
            saturationRow(table, "gRPC Ping from h2load (a C client in its own process), engine vs bare grpc-java with the same stubs",
                "h2load ping", "calls/s", 0.8);
            saturationRow(table, "gRPC DecidePayment at saturation (Java load, same process), engine vs bare grpc-java",
                "grpc-unary", "decisions/s", 0.6);
            saturationRow(table, "binary front vs bare Netty, same framing and messages", "binary", "decisions/s", 0.7);
            final double p50 = network.get("engine p50");
            final double bareP50 = network.get("bare p50");
            row(table, "latency at 2,000 decisions/s, open loop, client in its own process: engine p50 minus bare grpc-java p50",
                String.format("%s vs %s: %+,.0f µs", LoadReport.time((long)p50), LoadReport.time((long)bareP50), (p50 - bareP50) / 1e3),
                (p50 - bareP50) / 25_000, "≤ +25 µs", p50 - bareP50 <= 25_000);
            final double p99 = network.get("engine p99");
            final double bareP99 = network.get("bare p99");
            row(table, "latency at 2,000 decisions/s: engine p99 vs bare grpc-java p99, same run",
                String.format("%s vs %s", LoadReport.time((long)p99), LoadReport.time((long)bareP99)), p99 / bareP99, "≤ 1.2×",
                p99 / bareP99 <= 1.2);
            if (network.containsKey("long-yield p50"))
            {
                final double yielding = network.get("long-yield p50");
                final String target = String.format(Locale.ROOT, "the same p50 gap on an engine with `wait-strategy = "
                    + "phased-long-yield` (a shard yields up to %,d µs before it parks, so at this rate no command waits for its "
                    + "thread to wake), and the CPU of the server's process, against the default's", WaitStrategyKind.LONG_YIELD_MICROS);
                row(table, target, String.format("%s vs %s: %+,.0f µs; %.2f against %.2f cores", LoadReport.time((long)yielding),
                    LoadReport.time((long)bareP50), (yielding - bareP50) / 1e3, network.get("long-yield cores"),
                    network.get("engine cores")), (yielding - bareP50) / 25_000, "(context)", true);
            }
            final double decision = score("PaymentDecisionBenchmark.decide", "keys", "SHARD");
            final double decisionBytes = allocation("PaymentDecisionBenchmark.decide", "keys", "SHARD");
            row(table, String.format(Locale.ROOT, "one payment decision (fraud score, then routing) on the logic thread, JMH, "
                + "payments from a busy shard's %,d velocity keys", Keys.SHARD.velocityKeys()),
                String.format("%,.0f ns, %.2f B/op", decision, decisionBytes), decision / 2_000, "≤ 2,000 ns, 0 B/op",
                decision <= 2_000 && decisionBytes < 1);
            final double cached = score("PaymentDecisionBenchmark.decide", "keys", "CACHED");
            row(table, String.format(Locale.ROOT, "the same over %,d keys, all in cache: the decision's own work, without the "
                + "velocity store's cache misses", Keys.CACHED.velocityKeys()),
                String.format("%,.0f ns", cached), cached / 2_000, "(context)", true);
            final double shared = score("DecisionShardBenchmark.publishDecision", "threading", "SHARED");
            final double dedicated = score("DecisionShardBenchmark.publishDecision", "threading", "DEDICATED");
            row(table, "one shard, decisions only, journaling on (JMH through the pipeline), shared thread", String.format("%,.0f "
                + "decisions/s", shared), shared / 300_000, "≥ 300,000/s", shared >= 300_000);
            row(table, "the same, a thread per stage", String.format("%,.0f decisions/s", dedicated), dedicated / 300_000, "(context)",
                true);
            final double withSnapshot = network.get("soak with snapshot");
            final double without = network.get("soak without snapshot");
            row(table, "soak at 5,000/s, a snapshot every 30 s: worst interval p99.9 with a snapshot vs without, same run",
                String.format("%s vs %s", LoadReport.time((long)withSnapshot), LoadReport.time((long)without)), withSnapshot / without,
                "≤ 1.5×", withSnapshot / without <= 1.5);
            final double firstHold = network.get("soak first hold");
            final double laterHold = network.get("soak later hold");
            row(table, "the soak's snapshots: the longest hold of a shard's logic thread by a shard's first snapshot after the start, "
                + "against the longest by a later one", String.format("%.1f ms vs %.1f ms", firstHold, laterHold), firstHold / laterHold,
                "(context)", true);
            final double snapshot = score("SnapshotBenchmark.takeSnapshot");
            row(table, "one snapshot of a full shard (velocity store full, 524,288 live quotes: 64 MB) on its logic thread, JMH: the "
                + "pause, against the soak's worst p99.9 without one", String.format("%.1f ms vs %s", snapshot,
                LoadReport.time((long)without)), snapshot * 1e6 / without, "(context)", true);
            final double shard = score("ShardPipelineBenchmark.publishPing", "durability", "MAPPED");
            final double queue = score("QueuePipelineBenchmark.publishPing");
            row(table, "Disruptor shard pipeline vs the same work on ArrayBlockingQueue", String.format("%,.0f vs %,.0f pings/s", shard,
                queue), shard / queue, "≥ 5", shard / queue >= 5);
            final double hop = score("RingHopBenchmark.hop", "queue", "DISRUPTOR");
            final double hopQueue = score("RingHopBenchmark.hop", "queue", "ARRAY_BLOCKING_QUEUE");
            row(table, "one ring hop: Disruptor vs ArrayBlockingQueue (no work)", String.format("%,.0f vs %,.0f hops/s", hop, hopQueue),
                hop / hopQueue, "(context)", true);
            final double journal = score("JournalAppendBenchmark.appendCommand");
            final double raw = score("JournalAppendBenchmark.rawChronicleAppend");
            row(table, "journal append vs raw Chronicle append (same 32 bytes)", String.format("%,.0f vs %,.0f ns", journal, raw),
                journal / raw, "≤ 1.25", journal / raw <= 1.25);
            final double model = score("FraudModelBenchmark.hotpathEvaluator");
            final double xgboost = score("FraudModelBenchmark.xgboost4jInplacePredict");
            row(table, "model evaluator vs xgboost4j single-row predict (same model)", String.format("%,.0f vs %,.0f ns", model, xgboost),
                xgboost / model, "≥ 10", xgboost / model >= 10);
            final double sync = score("MixedShardBenchmark.publishMixed", "durability", "SYNC", "threading", "SHARED");
            row(table, "one shard, sync durability (group commit), mixed commands, shared thread", String.format("%,.0f commands/s", sync),
                sync / 700_000, "≥ 700,000/s", sync >= 700_000);
            final double mixed = score("MixedShardBenchmark.publishMixed", "durability", "MAPPED", "threading", "SHARED");
            row(table, "one shard, mixed commands, journaling on (mapped), shared thread", String.format("%,.0f commands/s", mixed),
                mixed / 1_000_000, "≥ 1,000,000/s", mixed >= 1_000_000);
            return table.toString();
        }

        double allocation(final String benchmark, final String... params)
        {
            final Result<?> bytes = find(benchmark, params).getSecondaryResults().get("gc.alloc.rate.norm");
            return bytes == null ? Double.NaN : bytes.getScore();
        }

        /**
         * A saturation row: the single recorded runs of engine and bare, and, where the run alternated rounds between them
         * ({@link AnchorsCommand#alternate}), the median of the alternated blocks' ratios, which the goal is judged on.
         */
        private void saturationRow(final StringBuilder table, final String target, final String name, final String unit,
            final double goal)
        {
            final double engine = network.get("engine " + name);
            final double bare = network.get("bare " + name);
            final Double alternated = network.get(name + " alternated");
            final double ratio = alternated != null ? alternated : engine / bare;
            final String measured = String.format("%,.0f vs %,.0f %s in a run each (%.2f)", engine, bare, unit, engine / bare)
                + (alternated == null ? "" : String.format("; alternated rounds, median of %.0f ABBA blocks (%.2f to %.2f)",
                network.get(name + " alternated blocks"), network.get(name + " alternated low"),
                network.get(name + " alternated high")));
            row(table, target, measured, ratio, String.format("≥ %.2f", goal), ratio >= goal);
        }

        private static void row(final StringBuilder table, final String target, final String measured, final double ratio,
            final String goal, final boolean met)
        {
            table.append(String.format("| %s | %s | %.2f | %s | %s |%n", target, measured, ratio, goal,
                goal.startsWith("(") ? "" : met ? "yes" : "**no**"));
        }

        String jmhTable()
        {
            final StringBuilder table = new StringBuilder("| benchmark | parameters | score | error | unit | allocation (B/op) |\n"
                + "|---|---|---:|---:|---|---:|\n");
            for (final RunResult result : jmh)
            {
                final StringBuilder params = new StringBuilder();
                for (final String key : result.getParams().getParamsKeys())
                {
                    params.append(params.length() == 0 ? "" : ", ").append(key).append('=').append(result.getParams().getParam(key));
                }
                final Result<?> primary = result.getPrimaryResult();
                final Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
                table.append(String.format("| `%s` | %s | %,.1f | %,.1f | %s | %s |%n",
                    result.getParams().getBenchmark().substring(BENCH.length()), params, primary.getScore(),
                    Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(), primary.getScoreUnit(),
                    allocation == null ? "" : String.format("%.3f", allocation.getScore())));
            }
            return table.toString();
        }

        String markdown(final Path page, final boolean quick, final int inFlight, final Duration warmUp, final Duration measure)
            throws IOException
        {
            final RoundLength round = alternatedRound(quick);
            return "# Benchmark results\n\n"
                + "Written by `./engine anchors" + (quick ? " --quick" : "") + "` on " + LocalDate.now() + ". Do not edit by hand: "
                + "run the command again.\n\n"
                + "## Machine\n\n" + machine() + "\n\n"
                + "## Method\n\n"
                + "- **Network anchors** (saturation): a closed loop with " + inFlight + " payment decisions in flight over 2 "
                + "connections, " + warmUp.toSeconds() + " s warm-up, then answers counted for " + measure.toSeconds() + " s, on "
                + "loopback, client and server in one JVM sharing the cores; before each engine run, its protocol runs against the "
                + "engine, not counted, in rounds of " + JIT_ROUND_SECONDS + " s until the JIT compiles for under 5% of a round (at most "
                + JIT_MAX_SECONDS + " s), so that the client and the engine run compiled code. The engine runs on embedded "
                + "defaults (2 shards, mapped journal, wait strategy and threading picked for the host) with " + TENANTS
                + " tenants on the example configs. The bare grpc-java server answers every DecidePayment with a decision the "
                + "engine made for the same traffic, and every Ping with the engine's reply to the same ping: the same messages "
                + "and the project's own stubs, no engine. The bare Netty server speaks the binary front's framing on one epoll "
                + "event loop, as the front does, and answers every command with the result bytes the engine gave, under the "
                + "command's correlation id. "
                + "Each saturation ratio is then measured again against the host's drift: with both servers up, rounds of "
                + round.warmUp().toSeconds() + " s warm-up and " + round.measured().toSeconds() + " s measured "
                + "alternate between them in " + alternatedBlocks(quick) + " blocks of engine, bare, bare, engine, "
                + "and the row's ratio is the median of the blocks' ratios; the single runs, recorded, stay beside it.\n"
                + "- **Ping from h2load**: nghttp2's C load generator in its own process (one thread, 2 connections, 32 streams "
                + "each), " + warmUp.toSeconds() + " s warm-up, then " + measure.toSeconds() + " s measured, every call the same "
                + "PingRequest; the engine (`serve` on embedded defaults) and the bare server are measured one after the other, "
                + "each in a JVM of its own, up through both runs and recorded in its own, so that neither runs on code the JIT "
                + "compiled for this tool's other runs (the bare server answered 205k pings a second in a JVM of its own and 115k in this "
                + "one, after the other runs).\n"
                + "- **Latency at " + LATENCY_RATE + " decisions/s**: `./engine loadgen --mix decide=100` in its own process, open loop "
                + "(latency from each call's planned send time), gRPC unary, " + warmUp.toSeconds() + " s warm-up, then "
                + measure.multipliedBy(2).toSeconds() + " s measured, against the engine, a second engine with "
                + "`wait-strategy = phased-long-yield` (not recorded), and then the bare grpc-java server; the server's "
                + "process CPU is read from the JVM over each run.\n"
                + "- **Soak**: `./engine soak` (the engine in its own process, `-Xms1g -Xmx1g -XX:+AlwaysPreTouch`, binary front, "
                + SOAK_RATE + " commands/s of the default mix) with a snapshot of every shard every " + SOAK_SNAPSHOT_SECONDS
                + " s; the percentiles of each 5 s "
                + "interval, and the worst interval p99.9 among those in which a snapshot was stored against the worst among the "
                + "others.\n"
                + "- **JMH**: 1 fork, " + (quick ? "" : "3 for one decision and one shard deciding (their figures move from fork "
                + "to fork with the same code: with where a fork's memory lands for the velocity store, and with the JIT), ")
                + (quick ? "2 × 1 s warm-up, 3 × 1 s measurement" : "JMH defaults of each benchmark (3 × 2 s "
                + "warm-up, 5 × 2 s measurement)") + ", with the GC profiler; the error is JMH's 99.9% interval, wide on two shared "
                + "cores. Allocation is `gc.alloc.rate.norm`; fractions of a byte are the JVM's background allocation spread over "
                + "the operations, and the allocation tests read the handler threads' counters directly.\n"
                + "- The same run measures everything, so the ratios compare like with like on this machine.\n\n"
                + "## Targets\n\n" + targetsTable() + "\n"
                + boundsSection(page)
                + "## Every JMH result\n\n" + jmhTable();
        }

        private static String machine() throws IOException
        {
            String cpu = "unknown CPU";
            final Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo))
            {
                cpu = Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
            }
            final long memory = ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
            return String.format("%s, %d cores, %.0f GiB, %s %s (%s), %s %s", cpu, Runtime.getRuntime().availableProcessors(),
                memory / (double)(1L << 30), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.version"));
        }
    }
}
