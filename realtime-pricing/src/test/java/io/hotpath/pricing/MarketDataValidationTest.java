package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.pricing.state.FxRates;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A market data batch is applied whole or not at all: one bad event refuses the batch, names the
 * event and its field, and leaves the state exactly as it was.
 */
class MarketDataValidationTest
{
    private static final long TV_65 = TextKeys.of("TV-65");
    private static final int EUR = PricingHarness.currency("EUR");
    private static final int USD = PricingHarness.currency("USD");

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldRefuseTheWholeBatchForOneBadEventAndChangeNothing()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(
            "scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 10, factor = 1.0 } ] }\n"))).isNull();
        final long before = harness.stateHash();

        final PricingHarness.Applied refused = harness.market(NOW, m ->
        {
            m.inventory(TV_65, 0);
            m.fxRate(EUR, USD, 1_100_000_000L);
            m.demand(TextKeys.of("NOT-A-SKU"), 5);
        });

        assertThat(refused.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(refused.failure()).isEqualTo("events[2].demand.sku: not in the tenant's price book");
        assertThat(harness.quote("TV-65", NOW).unit()).as("the stock level before it was not applied").isEqualTo(200_000);
        assertThat(harness.quote("TV-65", 1, "USD", NOW).code()).as("nor the rate").isEqualTo(ResultCode.FAILED_PRECONDITION);
        // Quotes are state too; compare the hash before any was taken.
        final PricingHarness fresh = new PricingHarness();
        fresh.applyConfig(PricingConfigs.book("scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 10, factor = 1.0 } ] }\n"));
        assertThat(before).isEqualTo(fresh.stateHash());
    }

    @Test
    void shouldNameEachKindOfBadEvent()
    {
        assertThat(harness.applyConfig(PricingConfigs.BASE)).isNull();

        assertThat(refusal(m -> m.demand(TV_65, 0))).isEqualTo("events[0].demand.units: must be in [1, 1000000000]");
        assertThat(refusal(m -> m.inventory(TV_65, -1))).isEqualTo("events[0].inventory.available: must be in [0, 1000000000000]");
        assertThat(refusal(m -> m.competitorPrice(TV_65, 0, 100, EUR))).isEqualTo("events[0].competitor_price.competitor: required");
        assertThat(refusal(m -> m.competitorPrice(TV_65, 1, 100, PricingHarness.currency("CHF"))))
            .isEqualTo("events[0].competitor_price.currency: the tenant does not quote in this currency");
        assertThat(refusal(m -> m.competitorPrice(TV_65, 1, 0, EUR)))
            .isEqualTo("events[0].competitor_price.price: must be in [1, 100000000000]");
        assertThat(refusal(m -> m.fxRate(USD, PricingHarness.currency("GBP"), 1_000_000_000L)))
            .isEqualTo("events[0].fx_rate.quote_currency: a rate is between the book currency and another currency the tenant quotes in");
        assertThat(refusal(m -> m.fxRate(EUR, USD, FxRates.MAX_RATE + 1)))
            .isEqualTo("events[0].fx_rate.mid_rate: must be between 0.000001 and 100000");
        assertThat(refusal(m -> { })).isEqualTo("events: a batch holds 1 to 64 events, had 0");
    }

    @Test
    void shouldRefuseMarketDataForATenantWithoutAPriceBook()
    {
        final PricingHarness.Applied refused = harness.market(NOW, m -> m.demand(TV_65, 1));

        assertThat(refused.failure()).isEqualTo("tenant_id: no pricing config for this tenant");
    }

    @Test
    void shouldApplyEveryEventOfAGoodBatch()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(
            "scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 10, factor = 1.0 } ] }\n"))).isNull();

        final PricingHarness.Applied applied = harness.market(NOW, m ->
        {
            m.inventory(TV_65, 0);
            m.fxRate(EUR, USD, 1_100_000_000L);
        });

        assertThat(applied.events()).isEqualTo(2);
        assertThat(harness.quote("TV-65", 1, "USD", NOW).unit()).as("300,000 x 1.1 x 1.005").isEqualTo(331_650);
    }

    private String refusal(final Consumer<MarketDataCommand> events)
    {
        final PricingHarness.Applied applied = harness.market(NOW, events);
        assertThat(applied.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        return applied.failure();
    }
}
