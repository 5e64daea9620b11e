package io.hotpath.bench.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.bench.profile.Recordings;
import io.hotpath.workload.ExampleTenants;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.agrona.BitUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engine soak}: the engine in a process of its own ({@code engine serve}, GC logged), loaded
 * open-loop through the binary front at a fixed rate for a long time. Reports the latency
 * percentiles of every interval beside the engine's resident memory, and the GC pauses the engine
 * took after the warm-up: on the zero-allocation paths there should be none.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Run the engine in its own process with GC logging and load it through the binary front for a long time: "
        + "latency percentiles and RSS over time, GC pauses after warm-up.")
public final class SoakCommand implements Callable<Integer>
{
    /** The engine's heap touched once at start, which only pays with {@code -Xms} as large as {@code -Xmx}. */
    private static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+\\.\\d+)s].*\\bPause\\b");
    /** The engine's line for each snapshot (SnapshotWriter), in its text log format. */
    private static final Pattern HOLD = Pattern.compile("\\[hotpath-shard-(\\d+)-snapshots].* held the logic thread ([0-9.]+) ms");

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "600",
        description = "Measured seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "60",
        description = "Seconds of load before measuring (default ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "5000", description = "Requests a second (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
        description = "One line of percentiles and RSS per this many seconds (default ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--mix", paramLabel = "KIND=W,...", defaultValue = "decide=70,quote=20,outcome=8,label=2",
        description = "Weights of decide, quote, outcome and label (default ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--tenants", paramLabel = "N", defaultValue = "16", description = "Tenants (default ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--engine-heap", paramLabel = "SIZE", defaultValue = "1g",
        description = "The engine's -Xmx (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--snapshot-every", paramLabel = "SECONDS", defaultValue = "0",
        description = "Each shard snapshots this often, and the report sets the intervals with a snapshot beside those without "
            + "(default: the engine's own setting).")
    int snapshotEvery;

    @Option(names = "--engine-java-options", paramLabel = "OPTIONS", defaultValue = PRE_TOUCH,
        description = "More options for the engine's JVM, space-separated (default ${DEFAULT-VALUE}, with -Xms as large as "
            + "-Xmx: the heap is touched once at start, so a first large allocation, such as a first snapshot's buffers, does not "
            + "fault its pages in on the shard's thread); \"\" for none.")
    String engineJavaOptions = PRE_TOUCH;

    @Option(names = "--flight-recording", paramLabel = "FILE",
        description = "Record the engine with Flight Recorder from the end of the warm-up into FILE (the settings of "
            + "engine anchors: CPU by thread and method, waits over 5 ms).")
    Path flightRecording;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the journal and gc.log go (default: a new temporary directory, kept).")
    Path dir;

    @Override
    public Integer call() throws Exception
    {
        final Outcome outcome = soak(System.out);
        return outcome.result().sustained() && outcome.result().unanswered() == 0 ? 0 : 1;
    }

    /**
     * How long one snapshot held its shard's logic thread, as the engine logged it.
     *
     * @param first true for the shard's first snapshot after the engine started.
     */
    record Hold(int shard, double millis, boolean first)
    {
    }

    /**
     * What a soak measured: the run, when (seconds of the run, as its timeline counts them) each snapshot was stored, and
     * how long each held its shard's logic thread, in the order taken.
     */
    record Outcome(OpenLoop.Result result, List<Double> snapshots, int interval, List<Hold> holds)
    {
        /**
         * @return the longest hold among the shards' first snapshots (true) or among the others (false), in milliseconds; 0 if
         *         there is none.
         */
        double longestHold(final boolean first)
        {
            return holds.stream().filter(hold -> hold.first() == first).mapToDouble(Hold::millis).max().orElse(0);
        }

        /**
         * @return true if the timeline's point at {@code second}, which closes an interval, holds a snapshot.
         */
        boolean holdsSnapshot(final OpenLoop.Interval point)
        {
            for (final double snapshot : snapshots)
            {
                if (snapshot > point.second() - interval && snapshot <= point.second())
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * @return the highest interval p99.9 among the intervals with a snapshot (true) or without one (false), in nanoseconds;
         *         0 if there is no such interval.
         */
        long worstP999(final boolean withSnapshot)
        {
            long worst = 0;
            for (final OpenLoop.Interval point : result.timeline())
            {
                if (holdsSnapshot(point) == withSnapshot)
                {
                    worst = Math.max(worst, point.p999());
                }
            }
            return worst;
        }
    }

    Outcome soak(final PrintStream out) throws Exception
    {
        final LoadMix loadMix = LoadMix.parse(mix);
        final Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hotpath-soak-");
        final Path gcLog = work.resolve("gc.log");
        final int grpcPort = ServerProcess.freePort();
        final int binaryPort = ServerProcess.freePort();
        final int quoteLimit = quoteLimit(rate, loadMix.share(LoadKind.QUOTE), ConfigFactory.load());
        final Process engine = startEngine(work, gcLog, grpcPort, binaryPort, quoteLimit);
        final long engineStarted = System.nanoTime();
        try
        {
            final LoadTraffic traffic = new LoadTraffic(20261123L, tenants);
            try (LoadTarget target = LoadTarget.connect("127.0.0.1", grpcPort, binaryPort, null))
            {
                setUpWhenReady(target, traffic, engine);
                out.printf("soak: engine pid %d (-Xmx%s, GC log %s, %,d live quotes a shard), binary front, %,d requests a second, "
                    + "mix %s: %d s warm-up, then %d s%n", engine.pid(), heap, gcLog, quoteLimit, rate, loadMix, warmUpSeconds, seconds);
                final RssSampler rss = new RssSampler(engine.pid());
                final OpenLoop loop = new OpenLoop();
                final OpenLoop.Result result;
                final double warmUpEndsAt;
                final long loopStarted = System.currentTimeMillis();
                try (LoadTransport transport = LoadGenCommand.Protocol.BINARY.open(target, traffic, loop, 2);
                     OpenLoop.Progress progress = new OpenLoop.Progress("soak", warmUpSeconds + seconds, true, System.err))
                {
                    warmUpEndsAt = (System.nanoTime() - engineStarted) / 1e9 + warmUpSeconds;
                    rss.start(Duration.ofSeconds(interval));
                    result = loop.run(transport, loadMix, rate, Duration.ofSeconds(warmUpSeconds), Duration.ofSeconds(seconds), null,
                        Duration.ofSeconds(interval), progress);
                    rss.stop();
                }
                final Outcome outcome = new Outcome(result, snapshotSeconds(work.resolve("journal"), loopStarted), interval,
                    holds(work.resolve("engine.log")));
                report(outcome, rss, gcLog, warmUpEndsAt, out);
                return outcome;
            }
        }
        finally
        {
            engine.destroy();
            if (!engine.waitFor(30, TimeUnit.SECONDS))
            {
                engine.destroyForcibly();
            }
            out.printf("soak: the journal and gc.log stay in %s%n", work);
        }
    }

    private void report(final Outcome outcome, final RssSampler rss, final Path gcLog, final double warmUpEndsAt,
        final PrintStream out) throws IOException
    {
        final OpenLoop.Result result = outcome.result();
        out.printf("%8s %10s %9s %9s %9s %9s %9s %s%n", "second", "answers", "p50", "p99", "p99.9", "max", "RSS MiB", "snapshot");
        for (final OpenLoop.Interval point : result.timeline())
        {
            out.printf("%8.0f %,10d %9s %9s %9s %9s %9s%s%n", point.second(), point.count(), LoadReport.time(point.p50()),
                LoadReport.time(point.p99()), LoadReport.time(point.p999()), LoadReport.time(point.max()), rss.at(point.second()),
                outcome.holdsSnapshot(point) ? " yes" : "");
        }
        final long withSnapshot = result.timeline().stream().filter(outcome::holdsSnapshot).count();
        if (withSnapshot > 0)
        {
            out.printf("snapshots: %d intervals of %d hold one; worst interval p99.9 with a snapshot %s, without %s%n", withSnapshot,
                result.timeline().size(), LoadReport.time(outcome.worstP999(true)), LoadReport.time(outcome.worstP999(false)));
        }
        if (!outcome.holds().isEmpty())
        {
            out.printf("snapshot holds of the shards' logic threads, in the order taken: %s%n", outcome.holds().stream()
                .map(hold -> String.format("shard %d %.1f ms%s", hold.shard(), hold.millis(), hold.first() ? " (its first)" : ""))
                .collect(Collectors.joining(", ")));
        }
        LoadReport.print(result, out);
        int pauses = 0;
        int afterWarmUp = 0;
        for (final String line : Files.readAllLines(gcLog))
        {
            final Matcher pause = PAUSE.matcher(line);
            if (pause.find())
            {
                pauses++;
                if (Double.parseDouble(pause.group(1)) > warmUpEndsAt)
                {
                    afterWarmUp++;
                    if (afterWarmUp <= 5)
                    {
                        out.println("  after warm-up: " + line);
                    }
                }
            }
        }
        out.printf("engine GC pauses: %d in all, %d after the warm-up (the goal is 0); engine RSS %s MiB at the start of the "
            + "measurement, %s at the end, %s at most%n", pauses, afterWarmUp, rss.at(warmUpSeconds), rss.last(), rss.max());
    }

    /**
     * The live quotes each shard must hold for this soak, as the engine's settings say to size them: every quote stays live
     * for the pricing config's TTL, so a shard holds its share of the quote rate times the TTL. Half again for tenants spread
     * unevenly over the shards, rounded up to a power of two; never below the engine's default.
     */
    static int quoteLimit(final long rate, final double quoteShare, final Config engineDefaults)
    {
        final Duration ttl = ConfigFactory.parseString(ExampleTenants.resource(ExampleTenants.PRICING).toStringUtf8())
            .getDuration("quotes.ttl");
        final int shards = engineDefaults.getInt("hotpath.shards");
        final int configured = engineDefaults.getInt("hotpath.pricing.limits.quotes");
        final long needed = (long)Math.ceil(rate * quoteShare * ttl.toSeconds() * 1.5 / shards);
        if (needed > 1 << 30)
        {
            throw new IllegalArgumentException("--rate: " + rate + " a second needs " + needed + " live quotes a shard, more than a shard "
                + "can hold; lower the rate or the quote weight");
        }
        return Math.max(configured, BitUtil.findNextPositivePowerOfTwo((int)needed));
    }

    private Process startEngine(final Path work, final Path gcLog, final int grpcPort, final int binaryPort, final int quoteLimit)
        throws IOException
    {
        final Path jar = ServerProcess.engineJar();
        final List<String> command = ServerProcess.java();
        if (snapshotEvery > 0)
        {
            // Every snapshot stays, so the report can place each one in its interval.
            command.addAll(List.of("-Dhotpath.journal.snapshot-interval=" + snapshotEvery + "s",
                "-Dhotpath.journal.snapshots-kept=100000"));
        }
        if (flightRecording != null)
        {
            Files.createDirectories(flightRecording.toAbsolutePath().getParent());
            // Written when the engine stops (SIGTERM at the end of the soak); it starts about when the warm-up ends.
            command.add("-XX:StartFlightRecording=delay=" + warmUpSeconds + "s,dumponexit=true,settings="
                + Recordings.settingsFile(work) + ",filename=" + flightRecording.toAbsolutePath());
        }
        for (final String option : engineJavaOptions.trim().split("\\s+"))
        {
            if (!option.isEmpty())
            {
                command.add(option);
            }
        }
        if (engineJavaOptions.contains(PRE_TOUCH))
        {
            command.add("-Xms" + heap);
        }
        command.addAll(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog + ":uptime", "-Dhotpath.pricing.limits.quotes=" + quoteLimit,
            "-jar", jar.toString(), "serve",
            "--port", Integer.toString(grpcPort), "--binary-port", Integer.toString(binaryPort), "--admin-port", "-1",
            "--journal", work.resolve("journal").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("engine.log").toFile()).start();
    }

    private void setUpWhenReady(final LoadTarget target, final LoadTraffic traffic, final Process engine) throws InterruptedException
    {
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                target.setUp(tenants, traffic.pricing);
                return;
            }
            catch (final RuntimeException notYet)
            {
                if (!engine.isAlive() || System.nanoTime() > giveUp)
                {
                    throw new IllegalStateException("the engine did not come up (see engine.log beside gc.log): " + notYet.getMessage());
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * @return when each snapshot under {@code journal} was stored, in seconds since {@code loopStarted} (epoch millis).
     */
    private static List<Double> snapshotSeconds(final Path journal, final long loopStarted) throws IOException
    {
        final List<Double> seconds = new ArrayList<>();
        if (!Files.isDirectory(journal))
        {
            return seconds;
        }
        try (Stream<Path> files = Files.walk(journal))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".snap")).toList())
            {
                seconds.add((Files.getLastModifiedTime(file).toMillis() - loopStarted) / 1e3);
            }
        }
        return seconds;
    }

    /**
     * @return each snapshot's hold of its shard's logic thread, from the engine's log.
     */
    static List<Hold> holds(final Path engineLog) throws IOException
    {
        final List<Hold> holds = new ArrayList<>();
        final Set<Integer> seen = new HashSet<>();
        for (final String line : Files.readAllLines(engineLog))
        {
            final Matcher hold = HOLD.matcher(line);
            if (hold.find())
            {
                final int shard = Integer.parseInt(hold.group(1));
                holds.add(new Hold(shard, Double.parseDouble(hold.group(2)), seen.add(shard)));
            }
        }
        return holds;
    }

    /**
     * The engine's resident set, read from {@code /proc/<pid>/status} once an interval.
     */
    private static final class RssSampler implements Runnable
    {
        private final Path status;
        private final List<double[]> samples = new ArrayList<>();
        private final Thread thread = new Thread(this, "soak-rss");
        private final long started = System.nanoTime();
        private volatile boolean running = true;
        private long everyNanos;

        RssSampler(final long pid)
        {
            this.status = Path.of("/proc", Long.toString(pid), "status");
            thread.setDaemon(true);
        }

        void start(final Duration every)
        {
            everyNanos = every.toNanos();
            thread.start();
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.interrupt();
            thread.join();
        }

        @Override
        public void run()
        {
            while (running)
            {
                sample();
                try
                {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(everyNanos));
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }

        private void sample()
        {
            try
            {
                for (final String line : Files.readAllLines(status))
                {
                    if (line.startsWith("VmRSS:"))
                    {
                        final double mib = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                        synchronized (samples)
                        {
                            samples.add(new double[] {(System.nanoTime() - started) / 1e9, mib});
                        }
                    }
                }
            }
            catch (final IOException | NumberFormatException ex)
            {
                // No /proc (not Linux) or the process is gone: no sample.
            }
        }

        String at(final double second)
        {
            synchronized (samples)
            {
                double[] nearest = null;
                for (final double[] sample : samples)
                {
                    if (nearest == null || Math.abs(sample[0] - second) < Math.abs(nearest[0] - second))
                    {
                        nearest = sample;
                    }
                }
                return nearest == null ? "-" : String.format("%.0f", nearest[1]);
            }
        }

        String last()
        {
            synchronized (samples)
            {
                return samples.isEmpty() ? "-" : String.format("%.0f", samples.get(samples.size() - 1)[1]);
            }
        }

        String max()
        {
            synchronized (samples)
            {
                return samples.isEmpty() ? "-" : String.format("%.0f", samples.stream().mapToDouble(sample -> sample[1]).max().orElse(0));
            }
        }
    }
}
