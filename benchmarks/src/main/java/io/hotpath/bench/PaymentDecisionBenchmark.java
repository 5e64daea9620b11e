package io.hotpath.bench;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.decision.PaymentDecisionLogic;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.fraud.velocity.VelocityStore;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole payment decision on the logic thread, as {@code DecidePayment} runs it: the command
 * decoded, the fraud score (velocity over six keys, lists, the shipped model, the example rules),
 * routing unless blocked (the example routing config), and one encoded result, with the shard's
 * engine logic dispatching it.
 *
 * <p>{@code keys=SHARD}, the figure the targets read: payments come from 20,000 cards, 5,000 customers
 * and emails, 8,000 devices and 3,000 addresses, so the velocity store holds about 41,000 keys (some
 * 37 MB, {@link Keys#velocityBytes()}), as a busy shard's does, and most of a payment's velocity reads miss every cache.
 * {@code keys=CACHED}: the same code over a hundredth of the keys, all in cache, which is what the
 * decision costs when memory is not the bound; the two apart are what the cache misses cost.
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
    @Param({"SHARD", "CACHED"})
    private Keys keys;
    private ExampleStage stage;
    private long next;
    private int card;
    private int customer;
    private int device;
    private int address;

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
        // Each key goes round its own population: the key of payment n is n modulo the population, without a division.
        card = card + 1 == keys.cards ? 0 : card + 1;
        customer = customer + 1 == keys.customers ? 0 : customer + 1;
        device = device + 1 == keys.devices ? 0 : device + 1;
        address = address + 1 == keys.addresses ? 0 : address + 1;
        payment.cardFingerprint = 0x5EED_0000L + card;
        payment.customerKey = 0xC057_0000L + customer;
        payment.emailKey = 0xE3A1_0000L + customer;
        payment.deviceKey = 0xDE71_0000L + device;
        payment.ipLow = 0xFFFF_0A00_0000L + address;
        return stage.decide(payment);
    }

    /**
     * How many keys the payments come from.
     */
    public enum Keys
    {
        /** As a busy shard's: about 41,000. */
        SHARD(1),
        /** A hundredth of them, about 410, all in cache. */
        CACHED(100);

        private final int cards;
        private final int customers;
        private final int devices;
        private final int addresses;

        Keys(final int divisor)
        {
            cards = 20_000 / divisor;
            customers = 5_000 / divisor;
            devices = 8_000 / divisor;
            addresses = 3_000 / divisor;
        }

        /**
         * @return the velocity keys the payments come from, every BIN aside: a card, a customer and their email, a device and
         *         an address each.
         */
        public int velocityKeys()
        {
            return cards + 2 * customers + devices + addresses;
        }

        /**
         * @return the bytes of velocity slots those keys take.
         */
        public long velocityBytes()
        {
            return (long)velocityKeys() * VelocityStore.slotBytes();
        }
    }
}
