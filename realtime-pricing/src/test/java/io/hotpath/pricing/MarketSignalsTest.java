package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.HOUR;
import static io.hotpath.pricing.PricingHarness.MINUTE;
import static io.hotpath.pricing.PricingHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * Demand, stock and competitors move the market price of a SKU, each within its bounds, each named
 * in the breakdown with its multiplier.
 */
class MarketSignalsTest
{
    private static final String DEMAND = """
        demand { half-life = 1h, baseline = 10, sensitivity = 0.5, min = 0.8, max = 1.3 }
        """;
    private static final String SCARCITY = """
        scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 10, factor = 1.2 }, { stock = 100, factor = 1.0 } ] }
        """;
    private static final long TV_55 = TextKeys.of("TV-55");
    private static final long TV_65 = TextKeys.of("TV-65");

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldRaiseThePriceWhenDemandRunsAboveTheBaselineAndCapIt()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND))).isNull();
        assertThat(harness.market(NOW, m -> m.demand(TV_65, 100)).code()).isEqualTo(ResultCode.OK);

        final PricingHarness.Quote quote = harness.quote("TV-65", NOW);

        // 100 units now read as 100 x ln 2 = 69.3 units an hour, 6.9 times the baseline: 1 + 0.5 x 5.9, capped at 1.3.
        assertThat(quote.line(PriceLineKind.DEMAND)).isEqualTo(new PricingHarness.Line(PriceLineKind.DEMAND, "EUR", 260_000, 1_300_000,
            "demand"));
        assertThat(quote.unit()).isEqualTo(260_000);
    }

    @Test
    void shouldLowerThePriceWhenDemandRunsBelowTheBaseline()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND))).isNull();
        harness.market(NOW, m -> m.demand(TV_65, 10));

        // 10 x ln 2 = 6.93 units an hour: 1 + 0.5 x (0.693 - 1) = 0.846574
        assertThat(harness.quote("TV-65", NOW).line(PriceLineKind.DEMAND).factorPpm()).isEqualTo(846_574);
        assertThat(harness.quote("TV-65", NOW).unit()).isEqualTo(169_315);
    }

    @Test
    void shouldLetDemandFadeWithItsHalfLifeDownToTheMinimum()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND))).isNull();
        harness.market(NOW, m -> m.demand(TV_65, 20));

        // 20 units: 13.86 an hour, factor 1.193147; an hour later 10 units' worth: 0.846574; later still the floor of 0.8.
        assertThat(harness.quote("TV-65", NOW).line(PriceLineKind.DEMAND).factorPpm()).isEqualTo(1_193_147);
        assertThat(harness.quote("TV-65", NOW + HOUR).line(PriceLineKind.DEMAND).factorPpm()).isEqualTo(846_574);
        assertThat(harness.quote("TV-65", NOW + 5 * HOUR).line(PriceLineKind.DEMAND).factorPpm()).isEqualTo(800_000);
    }

    @Test
    void shouldLeaveThePriceAloneBeforeAnyDemandIsSeen()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND))).isNull();

        assertThat(harness.quote("TV-65", NOW).kinds()).containsExactly(PriceLineKind.BASE);
    }

    @Test
    void shouldReadDemandAgainstTheSkusOwnBaseline()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND).replace(
            "{ sku = TV-65, price = 200000, cost = 120000, group = tv }",
            "{ sku = TV-65, price = 200000, cost = 120000, group = tv, demand-baseline = 6.931472 }"))).isNull();
        harness.market(NOW, m -> m.demand(TV_65, 10));

        assertThat(harness.quote("TV-65", NOW).kinds()).as("demand exactly at its baseline").containsExactly(PriceLineKind.BASE);
    }

    @Test
    void shouldMapStockToAScarcityFactorAlongTheCurve()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(SCARCITY))).isNull();

        assertThat(harness.quote("TV-65", NOW).kinds()).as("no stock level yet").containsExactly(PriceLineKind.BASE);
        harness.market(NOW, m -> m.inventory(TV_65, 5));
        assertThat(harness.quote("TV-65", NOW).line(PriceLineKind.SCARCITY))
            .isEqualTo(new PricingHarness.Line(PriceLineKind.SCARCITY, "EUR", 270_000, 1_350_000, "scarcity"));
        harness.market(NOW, m -> m.inventory(TV_65, 55));
        assertThat(harness.quote("TV-65", NOW).unit()).isEqualTo(220_000);
        harness.market(NOW, m -> m.inventory(TV_65, 0));
        assertThat(harness.quote("TV-65", NOW).unit()).isEqualTo(300_000);
        harness.market(NOW, m -> m.inventory(TV_65, 5_000));
        assertThat(harness.quote("TV-65", NOW).kinds()).containsExactly(PriceLineKind.BASE);
    }

    @Test
    void shouldMatchTheLowestFreshCompetitorLessTheBeat()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("competitors { policy = match, beat-by = \"1%\", max-age = 1h }\n"))).isNull();
        harness.market(NOW, m ->
        {
            m.competitorPrice(TV_65, TextKeys.of("mediamarkt"), 190_000, PricingHarness.currency("EUR"));
            m.competitorPrice(TV_65, TextKeys.of("amazon"), 185_000, PricingHarness.currency("EUR"));
            m.competitorPrice(TV_65, TextKeys.of("otto"), 250_000, PricingHarness.currency("EUR"));
        });

        final PricingHarness.Quote quote = harness.quote("TV-65", NOW + 10 * MINUTE);

        assertThat(quote.line(PriceLineKind.COMPETITOR))
            .isEqualTo(new PricingHarness.Line(PriceLineKind.COMPETITOR, "EUR", 183_150, 990_000, "match lowest competitor"));
        assertThat(harness.quote("TV-65", NOW + 61 * MINUTE).kinds()).as("stale after max-age").containsExactly(PriceLineKind.BASE);
    }

    @Test
    void shouldCountACompetitorsLatestPriceOnly()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("competitors { policy = match, max-age = 1h }\n"))).isNull();
        harness.market(NOW, m -> m.competitorPrice(TV_65, TextKeys.of("amazon"), 150_000, PricingHarness.currency("EUR")));
        harness.market(NOW + MINUTE, m -> m.competitorPrice(TV_65, TextKeys.of("amazon"), 195_000, PricingHarness.currency("EUR")));

        assertThat(harness.quote("TV-65", NOW + 2 * MINUTE).unit()).isEqualTo(195_000);
    }

    @Test
    void shouldConvertACompetitorsPriceInAnotherCurrencyAtMid()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("competitors { policy = match, max-age = 1h }\n"))).isNull();
        harness.fx("EUR", "USD", "1.25", NOW);
        harness.market(NOW, m -> m.competitorPrice(TV_65, TextKeys.of("bestbuy"), 225_000, PricingHarness.currency("USD")));

        assertThat(harness.quote("TV-65", NOW).unit()).as("USD 2,250.00 at 1.25 is EUR 1,800.00").isEqualTo(180_000);
    }

    @Test
    void shouldCapThePriceAboveTheCompetitorUnderACeilingPolicy()
    {
        final String ceiling = "competitors { policy = ceiling, allowance = \"5%\", max-age = 6h }\n";
        assertThat(harness.applyConfig(PricingConfigs.book(SCARCITY + ceiling))).isNull();
        harness.market(NOW, m ->
        {
            m.inventory(TV_65, 0);
            m.competitorPrice(TV_65, TextKeys.of("amazon"), 220_000, PricingHarness.currency("EUR"));
        });

        final PricingHarness.Quote quote = harness.quote("TV-65", NOW);

        assertThat(quote.kinds()).containsExactly(PriceLineKind.BASE, PriceLineKind.SCARCITY, PriceLineKind.COMPETITOR);
        assertThat(quote.unit()).as("scarcity asks 300,000; at most 220,000 + 5%").isEqualTo(231_000);
        assertThat(quote.line(PriceLineKind.COMPETITOR).name()).isEqualTo("competitor ceiling");
    }

    @Test
    void shouldNeverMatchACompetitorBelowTheFloor()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("competitors { policy = match, max-age = 1h }\n"))).isNull();
        harness.market(NOW, m -> m.competitorPrice(TV_55, TextKeys.of("amazon"), 50_000, PricingHarness.currency("EUR")));

        final PricingHarness.Quote quote = harness.quote("TV-55", NOW);

        assertThat(quote.kinds()).containsExactly(PriceLineKind.BASE, PriceLineKind.COMPETITOR, PriceLineKind.FLOOR);
        assertThat(quote.unit()).isEqualTo(70_000);
    }

    @Test
    void shouldCombineDemandAndScarcityOnTheSamePrice()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEMAND + SCARCITY))).isNull();
        harness.market(NOW, m ->
        {
            m.demand(TV_65, 100);
            m.inventory(TV_65, 55);
        });

        assertThat(harness.quote("TV-65", NOW).lines()).containsExactly(
            new PricingHarness.Line(PriceLineKind.BASE, "EUR", 200_000, 0, "TV-65"),
            new PricingHarness.Line(PriceLineKind.DEMAND, "EUR", 260_000, 1_300_000, "demand"),
            new PricingHarness.Line(PriceLineKind.SCARCITY, "EUR", 286_000, 1_100_000, "scarcity"));
    }
}
