package io.hotpath.bench;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.routing.OutcomeCommand;
import io.hotpath.routing.RouteCommand;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision, and one outcome report, on the logic thread alone: 10 processors, 50
 * rules, of which the payment matches only the last, so every rule is tested. Success-rate ranking
 * over all 10 processors, with windows and breakers warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark
{
    private static final int PROCESSORS = 10;
    private static final int RULES = 50;

    @Param({"success-rate", "least-cost"})
    public String strategy;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 20]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(4096);
    private final RouteCommand route = new RouteCommand();
    private final OutcomeCommand outcome = new OutcomeCommand();
    private final long[] processorKeys = new long[PROCESSORS];
    private DecisionStage stage;
    private long payment;

    @Setup(Level.Trial)
    public void configure()
    {
        stage = new DecisionStage(
            new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, new RoutingLogic(RoutingLimits.DEFAULTS)),
            (sequence, failure) -> failure.printStackTrace());
        final byte[] config = config(strategy).getBytes(StandardCharsets.UTF_8);
        decide(new ControlCommand.ApplyConfig(1, ConfigDomain.ROUTING, 1, config, "bench.conf").source(0, 0));
        for (int i = 0; i < PROCESSORS; i++)
        {
            processorKeys[i] = TextKeys.of("p" + i);
        }
        route.tenantId = 1;
        route.amount = 12_345;
        route.currency = 978;
        route.network = CardNetwork.VISA;
        route.cardType = CardType.CREDIT;
        route.bin = 45717360;
        route.binLength = 8;
        route.issuerCountry = 'D' << 8 | 'E';
        route.customerCountry = 'D' << 8 | 'E';
        route.mcc = 5411;
        outcome.tenantId = 1;
        for (int i = 0; i < 20_000; i++)
        {
            routeOne();
            reportOne();
        }
    }

    @Benchmark
    public int routeDecision()
    {
        return routeOne();
    }

    @Benchmark
    public int outcomeReport()
    {
        routeOne();
        return reportOne();
    }

    private int routeOne()
    {
        payment++;
        route.paymentId = payment;
        route.correlationId = payment;
        route.ingressTime = payment * 1_000_000L;
        return decide(route);
    }

    private int reportOne()
    {
        outcome.paymentId = payment;
        outcome.correlationId = payment;
        outcome.ingressTime = payment * 1_000_000L + 500_000;
        outcome.processorKey = processorKeys[(int)(payment % PROCESSORS)];
        outcome.outcome = payment % 7 == 0 ? Outcome.SOFT_DECLINE : Outcome.APPROVED;
        return decide(outcome);
    }

    private int decide(final CommandSource source)
    {
        return stage.decide(command, source.encodeCommand(command), result);
    }

    static String config(final String strategy)
    {
        final StringBuilder text = new StringBuilder("processors = [\n");
        for (int i = 0; i < PROCESSORS; i++)
        {
            text.append("  { id = p").append(i).append(", networks = [visa, mastercard], currencies = [EUR, USD], fee { fixed = ")
                .append(i).append(", bps = ").append(100 + i * 10).append(" } }\n");
        }
        text.append("]\nrules = [\n");
        for (int i = 0; i < RULES - 1; i++)
        {
            // Each rule fails on its last test, so evaluation does real work.
            text.append("  { name = r").append(i).append(", when { currency = EUR, network = visa, mcc = [").append(6000 + i)
                .append("] }, route { strategy = priority, processors = [p0] } }\n");
        }
        text.append("  { name = last, when { amount { min = 100 }, bin { prefix = [\"4571\"] } }, route { strategy = ")
            .append(strategy).append(", processors = [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9] } }\n]\n");
        text.append("default { strategy = priority, processors = [p0] }\nsuccess-rate.min-samples = 10\n");
        return text.toString();
    }
}
