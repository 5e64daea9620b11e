package io.hotpath.bench;

import io.grpc.stub.ServerCallStreamObserver;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.OutboxHandler;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.pricing.MarketDataCommand;
import io.hotpath.pricing.PricingLimits;
import io.hotpath.pricing.PricingLogic;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.pricing.SubscribePricesCommand;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pricing on the logic thread, as the shard runs it.
 *
 * <ul>
 *   <li>{@code quote}: one quote over a 1,000-SKU book with market signals, a price list entry,
 *       tiers, two promotions stacked, guardrails, conversion to dollars and a price ending, the
 *       quote stored and the breakdown encoded.</li>
 *   <li>{@code marketEventFanOut}: one EUR/USD rate event that moves all 1,000 dollar prices a
 *       subscription follows: the logic recomputes each, stages 1,000 updates in the shard's outbox,
 *       and egress releases them into the price stream hub, which conflates each into the
 *       subscriber's slot (a subscriber whose client is not reading, so nothing is sent).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PricingBenchmark
{
    private static final int SKUS = 1_000;
    private static final long TENANT = 1;
    private static final long NOW = 1_795_000_000L * 1_000_000_000L;
    private static final PricingLimits LIMITS = new PricingLimits(16_384, 256, 1 << 20, 4_096, SKUS);

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 16]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    private final ShardOutbox outbox = new ShardOutbox(LIMITS.outboxCapacity());
    private final QuoteCommand quote = new QuoteCommand();
    private final MarketDataCommand market = new MarketDataCommand();
    private final long[] skuKeys = new long[SKUS];
    private DecisionStage stage;
    private PriceStreamHub hub;
    private OutboxHandler feed;
    private static final int EUR = CurrencyCodes.parse("EUR");
    private static final int USD = CurrencyCodes.parse("USD");

    private long time = NOW;
    private long moves;
    private long released;

    @Setup(Level.Trial)
    public void configure()
    {
        stage = new DecisionStage(new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true,
            new PricingLogic(LIMITS, outbox)), (sequence, failure) -> failure.printStackTrace());
        hub = new PriceStreamHub(1, LIMITS.maxWatches(), 16, (tenantId, subscriptionId) -> { });
        feed = hub.feed(0);
        for (int i = 0; i < SKUS; i++)
        {
            skuKeys[i] = TextKeys.of(sku(i));
        }
        decide(new ControlCommand.ApplyConfig(TENANT, ConfigDomain.PRICING, 1, book().getBytes(StandardCharsets.UTF_8), "bench.conf")
            .source(0, NOW));
        market.tenantId = TENANT;
        market.ingressTime = NOW;
        market.clear().fxRate(CurrencyCodes.parse("EUR"), CurrencyCodes.parse("USD"), 1_080_000_000L);
        for (int i = 0; i < 60; i++)
        {
            market.demand(skuKeys[i], 1 + i % 4);
        }
        decide(market);
        final String[] skus = new String[SKUS];
        for (int i = 0; i < SKUS; i++)
        {
            skus[i] = sku(i);
        }
        final PriceSubscriber subscriber = new PriceSubscriber(77, TENANT, skus, "USD", 2, new NotReading());
        hub.register(subscriber);
        decide(new SubscribePricesCommand(TENANT, 1, NOW, 77, CurrencyCodes.parse("USD"), 0, 0, skuKeys));

        quote.tenantId = TENANT;
        quote.currency = CurrencyCodes.parse("USD");
        quote.segmentKey = TextKeys.of("business");
        quote.quantity = 12;
        // A first pass over every path, so that JMH's warm-up starts from compiled code; short,
        // because the CI smoke runs each benchmark once in process.
        for (int i = 0; i < 2_000; i++)
        {
            quote();
            if (i % 10 == 0)
            {
                marketEventFanOut();
            }
        }
    }

    @TearDown(Level.Trial)
    public void close()
    {
        hub.close();
    }

    @Benchmark
    public int quote()
    {
        quote.correlationId++;
        quote.ingressTime = time += 1_000_000;
        quote.skuKey = skuKeys[(int)(quote.correlationId % SKUS)];
        return decide(quote);
    }

    @Benchmark
    public long marketEventFanOut()
    {
        market.clear();
        market.ingressTime = time += 1_000_000;
        market.fxRate(EUR, USD, ++moves % 2 == 0 ? 1_080_000_000L : 1_090_000_000L);
        decide(market);
        return released;
    }

    private int decide(final CommandSource source)
    {
        final int length = stage.decide(command, source.encodeCommand(command), result);
        released += outbox.release(stage.engineSequence(), feed);
        return length;
    }

    private static String sku(final int i)
    {
        return String.format(Locale.ROOT, "SKU-%04d", i);
    }

    static String book()
    {
        final StringBuilder book = new StringBuilder("""
            currency = EUR
            currencies { EUR { ending = 99 }, USD { spread-bps = 50, ending = 99 } }
            segments = [retail, business]
            price-list = [ { name = "business list", segments = [business], adjust = "-6%" } ]
            tiers = [ { name = volume, levels = [ { min-quantity = 10, adjust = "-4%" }, { min-quantity = 100, adjust = "-8%" } ] } ]
            promotions = [
              { name = autumn, from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z", percent-off = "5%" }
              { name = coupon, from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z", amount-off = 100 }
            ]
            stacking { policy = additive, cap = "12%" }
            demand { half-life = 30m, baseline = 5, sensitivity = 0.3, min = 0.9, max = 1.2 }
            scarcity { curve = [ { stock = 0, factor = 1.2 }, { stock = 50, factor = 1.0 } ] }
            competitors { policy = match, beat-by = "0.5%", max-age = 2h }
            guardrails { min-margin = "8%", max-change = "10%", per = 1h }
            stream.threshold = "0%"
            skus = [
            """);
        for (int i = 0; i < SKUS; i++)
        {
            book.append("  { sku = ").append(sku(i)).append(", price = ").append(999 + 37L * i).append(", cost = ")
                .append(500 + 20L * i).append(" }\n");
        }
        return book.append("]\n").toString();
    }

    /**
     * A client that never reads: the hub conflates into the subscriber's slots and sends nothing.
     */
    private static final class NotReading extends ServerCallStreamObserver<PriceUpdate>
    {
        @Override
        public boolean isReady()
        {
            return false;
        }

        @Override
        public boolean isCancelled()
        {
            return false;
        }

        @Override
        public void setOnReadyHandler(final Runnable onReadyHandler)
        {
        }

        @Override
        public void setOnCancelHandler(final Runnable onCancelHandler)
        {
        }

        @Override
        public void setCompression(final String compression)
        {
        }

        @Override
        public void disableAutoInboundFlowControl()
        {
        }

        @Override
        public void request(final int count)
        {
        }

        @Override
        public void setMessageCompression(final boolean enable)
        {
        }

        @Override
        public void onNext(final PriceUpdate value)
        {
        }

        @Override
        public void onError(final Throwable t)
        {
        }

        @Override
        public void onCompleted()
        {
        }
    }
}
