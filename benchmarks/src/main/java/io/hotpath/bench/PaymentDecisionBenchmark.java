package io.hotpath.bench;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.decision.PaymentDecisionLogic;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole payment decision on the logic thread, as {@code DecidePayment} runs it: the command
 * decoded, the fraud score (velocity over six keys, lists, the shipped model, the example rules),
 * routing unless blocked (the example routing config), and one encoded result, with the shard's
 * engine logic dispatching it. Payments come from 20,000 cards, 5,000 customers and 8,000 devices,
 * so the velocity store holds tens of thousands of keys, as a shard's does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PaymentDecisionBenchmark
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DecidePaymentCommand payment = ExampleStage.payment();
    private ExampleStage stage;
    private long next;

    @Setup(Level.Trial)
    public void configure()
    {
        final RoutingLogic routing = new RoutingLogic(RoutingLimits.DEFAULTS);
        final FraudLogic fraud = new FraudLogic(65_536, 1_024);
        stage = new ExampleStage(new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, routing, fraud,
            new PaymentDecisionLogic(routing, fraud)));
        for (int i = 0; i < 200_000; i++)
        {
            decide();
        }
        if (header.wrap(stage.result, 0).templateId() != PaymentDecisionDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("the benchmark's payments are not decided");
        }
    }

    @Benchmark
    public int decide()
    {
        final long n = ++next;
        payment.paymentId = n;
        payment.correlationId = n;
        // Midday on, a millisecond a payment: the rules score night-time payments up.
        payment.ingressTime = 1_768_478_400_000_000_000L + n * 1_000_000L;
        payment.amount = 500 + n % 50_000;
        payment.cardFingerprint = 0x5EED_0000L + n % 20_000;
        payment.customerKey = 0xC057_0000L + n % 5_000;
        payment.emailKey = 0xE3A1_0000L + n % 5_000;
        payment.deviceKey = 0xDE71_0000L + n % 8_000;
        payment.ipLow = 0xFFFF_0A00_0000L + n % 3_000;
        return stage.decide(payment);
    }
}
