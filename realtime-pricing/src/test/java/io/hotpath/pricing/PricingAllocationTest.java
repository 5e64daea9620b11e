package io.hotpath.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MarketDataAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.OutboxHandler;
import io.hotpath.core.shard.ShardOutbox;
import io.hotpath.core.testing.AllocationMeter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A quote (market signals, price list, tier, promotions, guardrails, FX, ending, the quote stored,
 * the breakdown encoded) and a market event (signals updated, watched prices recomputed, updates
 * staged in a real outbox and released) allocate nothing once warm.
 */
class PricingAllocationTest
{
    private static final long NOW = PricingHarness.NOW;
    private static final String BOOK = PricingConfigs.book("""
        segments = [retail, business]
        price-list = [ { name = "business list", segments = [business], adjust = "-7%" } ]
        tiers = [ { name = volume, levels = [ { min-quantity = 5, adjust = "-3%" } ] } ]
        promotions = [ { name = "autumn", from = "2026-09-01T00:00:00Z", to = "2026-12-31T00:00:00Z", percent-off = "4%" },
                       { name = "tv coupon", groups = [tv], from = "2026-09-01T00:00:00Z", to = "2026-12-31T00:00:00Z",
                         amount-off = 500 } ]
        stacking { policy = additive, cap = "20%" }
        demand { half-life = 30m, baseline = 20, sensitivity = 0.4, min = 0.9, max = 1.2 }
        scarcity { curve = [ { stock = 0, factor = 1.3 }, { stock = 50, factor = 1.0 } ] }
        competitors { policy = match, beat-by = "0.5%", max-age = 1h }
        guardrails { min-margin = "5%", max-change = "10%", per = 10m }
        stream.threshold = "0%"
        """);
    private static final String[] SKUS = {"TV-55", "TV-65", "MILK-1L", "BOOK-1", "GUM", "PEN"};
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "KWD", "GBP"};
    private static final long[] BASE_PRICES = {100_000, 200_000, 129, 1_999, 250, 150};

    private final ShardOutbox outbox = new ShardOutbox(new PricingLimits(1024, 64, 65_536, 256, 100).outboxCapacity());
    private final DecisionStage stage = new DecisionStage(
        new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true,
            new PricingLogic(new PricingLimits(1024, 64, 65_536, 256, 100), outbox)),
        (sequence, failure) -> failure.printStackTrace());
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 16]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final long[] skuKeys = Arrays.stream(SKUS).mapToLong(TextKeys::of).toArray();
    private final int[] currencies = Arrays.stream(CURRENCIES).mapToInt(CurrencyCodes::parse).toArray();
    private final MessageHeaderDecoder releasedHeader = new MessageHeaderDecoder();
    private final OutboxHandler egress = (sequence, message, offset, length) -> releasedHeader.wrap(message, offset);
    private long released;
    private long time = NOW;

    @Test
    void shouldQuoteWithoutAllocating()
    {
        configure();
        final QuoteCommand quote = new QuoteCommand();
        quote.tenantId = PricingHarness.TENANT;
        final long business = TextKeys.of("business");
        final int[] quoted = {0};

        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 20_000; i++)
            {
                quote.correlationId = i;
                quote.ingressTime = time += 10_000_000;
                quote.skuKey = skuKeys[i % skuKeys.length];
                quote.quantity = 1 + i % 7;
                quote.currency = currencies[i % currencies.length];
                quote.segmentKey = i % 3 == 0 ? business : 0;
                decide(quote);
                quoted[0] += header.templateId() == PriceQuoteDecoder.TEMPLATE_ID ? 1 : 0;
            }
        });

        assertThat(quoted[0]).as("every quote priced").isEqualTo(20_000 * rounds.length);
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    @Test
    void shouldApplyMarketEventsAndStageStreamUpdatesWithoutAllocating()
    {
        configure();
        final MarketDataCommand market = new MarketDataCommand();
        market.tenantId = PricingHarness.TENANT;
        final int[] applied = {0};
        final long releasedBefore = released;

        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 20_000; i++)
            {
                market.clear();
                market.correlationId = i;
                market.ingressTime = time += 1_000_000;
                final long sku = skuKeys[i % skuKeys.length];
                market.demand(sku, 1 + i % 5);
                market.inventory(sku, i % 80);
                market.competitorPrice(sku, 1 + i % 3, BASE_PRICES[i % BASE_PRICES.length] * (90 + i % 20) / 100, currencies[0]);
                market.fxRate(currencies[0], currencies[1 + i % 4], 900_000_000L + i % 1_000_000);
                decide(market);
                applied[0] += header.templateId() == MarketDataAppliedDecoder.TEMPLATE_ID ? 1 : 0;

            }
        });

        assertThat(applied[0]).as("every batch applied").isEqualTo(20_000 * rounds.length);
        assertThat(released - releasedBefore).as("stream updates staged and released").isGreaterThan(20_000);
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    private void configure()
    {
        final byte[] config = BOOK.getBytes(StandardCharsets.UTF_8);
        decide(new ControlCommand.ApplyConfig(PricingHarness.TENANT, ConfigDomain.PRICING, 1, config, "book.conf").source(0, NOW));
        final MarketDataCommand rates = new MarketDataCommand();
        rates.tenantId = PricingHarness.TENANT;
        rates.ingressTime = NOW;
        for (int i = 1; i < currencies.length; i++)
        {
            rates.fxRate(currencies[0], currencies[i], 1_000_000_000L * i);
        }
        decide(rates);
        for (int c = 0; c < currencies.length; c++)
        {
            decide(new SubscribePricesCommand(PricingHarness.TENANT, c, NOW, 100 + c, currencies[c], 0, 0, skuKeys));
        }
        assertThat(header.templateId()).isNotEqualTo(PublishMarketDataDecoder.TEMPLATE_ID);
    }

    private void decide(final CommandSource source)
    {
        final int length = source.encodeCommand(command);
        final int resultLength = stage.decide(command, length, result);
        header.wrap(result, 0);
        // Egress's part: release what the command staged.
        released += outbox.release(stage.engineSequence(), egress);
        if (resultLength <= 0)
        {
            throw new AssertionError("no result");
        }
    }
}
