package io.hotpath.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hotpath.core.shard.Stage;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.server.Engine;
import io.hotpath.server.EngineOptions;
import io.hotpath.server.EngineSettings;
import io.hotpath.server.ShardLogicFactory;
import io.hotpath.workload.DemoLoad;
import io.hotpath.workload.DemoTraffic;
import io.hotpath.workload.ExampleTenants;
import io.hotpath.workload.PricingLoad;
import io.hotpath.workload.PricingTraffic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the engine on embedded defaults, drives synthetic gRPC traffic through it, prints
 * throughput and latency, then replays the journal it leaves behind to show every result is
 * reproduced byte for byte.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the engine, drive synthetic gRPC traffic through it, print throughput and latency percentiles.")
final class DemoCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions options;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "10",
        description = "Traffic before measuring, while the JIT compiles (default ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "5",
        description = "Measured traffic (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
        description = "Calls in flight (default ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--tenants", paramLabel = "N", defaultValue = "16",
        description = "Tenants the traffic spreads over (default ${DEFAULT-VALUE}).")
    int tenants;

    @Override
    public Integer call() throws Exception
    {
        final PrintStream out = System.out;
        final String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final String journal = Path.of("hotpath-journal", "demo-" + started).toString();
        final Engine engine =
            Engine.start(options.load(Map.of("hotpath.grpc.port", 0, "hotpath.admin.port", 0, "hotpath.journal.dir", journal)));
        final EngineSettings settings = engine.settings();
        out.printf("hotpath demo: %d shards, journal %s, gRPC on %s:%d, admin on http://%s:%d/latency (and /metrics)%n",
            settings.shards(), settings.journalDir().toAbsolutePath(), settings.host(), engine.port(), settings.admin().host(),
            engine.adminPort());
        out.printf("payments from %d tenants (decide: fraud score, then routing; report outcomes along the cascade), %d in flight, "
            + "beside pricing (quotes, checkouts, market data, price streams), %d in flight: %d s warm-up, then %d s measured%n",
            tenants, inFlight, inFlight / 2, warmUpSeconds, seconds);

        final Map<Stage, Histogram> stages = new EnumMap<>(Stage.class);
        final ManagedChannel channel = NettyChannelBuilder.forAddress(settings.host(), engine.port())
            .usePlaintext()
            .directExecutor()
            .disableRetry()
            .build();
        final DemoLoad load = new DemoLoad(channel, new DemoTraffic(20261122L, tenants), inFlight);
        final String book = ExampleTenants.resource(ExampleTenants.PRICING).toStringUtf8();
        final PricingTraffic pricingTraffic = new PricingTraffic(20261123L, tenants, book);
        final PricingLoad pricing = new PricingLoad(channel, settings.host(), engine.port(), pricingTraffic, Math.max(1, inFlight / 2));
        final Histogram[] latency;
        PriceSubscriber slowest = null;
        try
        {
            applyConfigs(channel, out);
            applyPriceBooks(channel, pricingTraffic, out);
            pricing.start();
            load.warmUp(Duration.ofSeconds(warmUpSeconds), out);
            pricing.reset();
            pricing.burst();
            latency = load.measure(Duration.ofSeconds(seconds), out);
            pricing.stop();
            slowest = engine.priceStreams().openSubscribers().stream()
                .max(Comparator.comparingInt(PriceSubscriber::skuCount)).orElse(null);
            takeSnapshots(channel, settings.shards(), out);
            engine.stageMonitor().tick();
            for (final Stage stage : Stage.values())
            {
                stages.put(stage, engine.stageMonitor().sinceStart(stage));
            }
        }
        finally
        {
            pricing.close();
            channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
            engine.close();
        }

        final long outcomes = load.calls() - load.decisions();
        out.printf("throughput: %,d calls in %d s = %,.0f calls/s: %,d payment decisions, %,d outcome reports "
                + "(overloaded %,d, failed %,d)%n",
            load.calls(), seconds, load.calls() / (double)seconds, load.decisions(), outcomes, load.overloaded(), load.failed());
        out.printf("latency (client round trip, us): decision p50 %,.0f  p90 %,.0f  p99 %,.0f  p99.9 %,.0f  max %,.0f"
                + "   outcome p50 %,.0f  p99 %,.0f%n",
            DemoLoad.micros(latency[0].getValueAtPercentile(50)), DemoLoad.micros(latency[0].getValueAtPercentile(90)),
            DemoLoad.micros(latency[0].getValueAtPercentile(99)), DemoLoad.micros(latency[0].getValueAtPercentile(99.9)),
            DemoLoad.micros(latency[0].getMaxValue()),
            DemoLoad.micros(latency[1].getValueAtPercentile(50)), DemoLoad.micros(latency[1].getValueAtPercentile(99)));
        out.println("fraud: " + fraudSummary(load));
        out.println("routing: " + routingSummary(load));
        out.println(pricing.summary(seconds, slowest));
        out.printf("engine stages from publish (us, p50 / p99): journal %,.1f / %,.1f  decision %,.1f / %,.1f  egress %,.1f / %,.1f%n",
            p(stages, Stage.JOURNAL, 50), p(stages, Stage.JOURNAL, 99), p(stages, Stage.DECISION, 50), p(stages, Stage.DECISION, 99),
            p(stages, Stage.EGRESS, 50), p(stages, Stage.EGRESS, 99));
        return replay(engine, out) ? 0 : 1;
    }

    private void applyConfigs(final ManagedChannel channel, final PrintStream out)
    {
        ExampleTenants.applyConfigs(channel, tenants);
        out.printf("control: applied the example routing config (5 processors, 7 rules) and fraud config (7 rules, lists, "
            + "the shipped model) to each of %d tenants through the ring%n", tenants);
    }

    private void applyPriceBooks(final ManagedChannel channel, final PricingTraffic traffic, final PrintStream out)
    {
        ExampleTenants.applyPriceBooks(channel, tenants, traffic);
        out.printf("control: applied the example price book (%d SKUs, segment and channel prices, tiers, promotions, demand, "
            + "scarcity and competitor signals, guardrails, 7 currencies) to each of %d tenants, and published their FX rates%n",
            traffic.skuCount(), tenants);
    }

    private static String fraudSummary(final DemoLoad load)
    {
        final long decisions = Math.max(1, load.decisions());
        final StringBuilder summary = new StringBuilder(String.format("mean score %.0f;", (double)load.scoreSum() / decisions));
        final FraudAction[] shown = {
            FraudAction.FRAUD_ACTION_ALLOW, FraudAction.FRAUD_ACTION_REVIEW,
            FraudAction.FRAUD_ACTION_CHALLENGE, FraudAction.FRAUD_ACTION_BLOCK};
        for (final FraudAction action : shown)
        {
            final LongAdder count = load.actions().get(action);
            summary.append(String.format(" %s %.1f%%", action.name().substring("FRAUD_ACTION_".length()).toLowerCase(Locale.ROOT),
                100.0 * (count == null ? 0 : count.sum()) / decisions));
        }
        return summary.toString();
    }

    private static String routingSummary(final DemoLoad load)
    {
        final long decisions = Math.max(1, load.decisions());
        final StringBuilder summary = new StringBuilder(String.format(
            "%.1f%% of payments had an eligible processor or were blocked; first choice",
            100.0 * (decisions - load.unrouted()) / decisions));
        load.firstChoice().entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
            .forEach(e -> summary.append(String.format(" %s %.1f%%", e.getKey(), 100.0 * e.getValue().sum() / decisions)));
        return summary.append(String.format("; %,d retries at a next processor; %.1f%% approved",
            load.retries(), 100.0 * load.approved() / decisions)).toString();
    }

    private static void takeSnapshots(final ManagedChannel channel, final int shards, final PrintStream out)
    {
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(channel);
        for (int shardId = 0; shardId < shards; shardId++)
        {
            final long hash = control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(shardId).setSnapshotId(1).build()).getHash();
            out.printf("control: shard %d snapshot taken, state hash %016x%n", shardId, hash);
        }
    }

    private static boolean replay(final Engine engine, final PrintStream out)
    {
        boolean identical = true;
        for (int shardId = 0; shardId < engine.settings().shards(); shardId++)
        {
            final long start = System.nanoTime();
            try (JournalReader reader = JournalReader.open(engine.shardJournal(shardId)))
            {
                final JournalReplayer.Report report = JournalReplayer.verify(
                    reader,
                    ShardLogicFactory.engine(engine.settings()).create(shardId, JournalReplayer.KEEP_EXISTING_SNAPSHOTS),
                    3);
                final double seconds = (System.nanoTime() - start) / 1e9;
                out.printf("replay: shard %d, %,d commands re-decided in %.2f s, %,d results identical, %,d differ, %,d unanswered%n",
                    shardId, report.commands(), seconds, report.matched(), report.mismatchCount(), report.unanswered());
                identical &= report.identical();
            }
        }
        final String journal = engine.settings().journalDir().toString();
        out.printf("the journal stays in %s: try ./engine journal stats --journal %s, ./engine journal dump --journal %s --to 20, "
            + "./engine replay verify --journal %s%n", journal, journal, journal, journal);
        return identical;
    }

    private static double p(final Map<Stage, Histogram> stages, final Stage stage, final double percentile)
    {
        return DemoLoad.micros(stages.get(stage).getValueAtPercentile(percentile));
    }
}
