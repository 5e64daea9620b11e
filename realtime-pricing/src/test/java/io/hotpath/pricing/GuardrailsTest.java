package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.HOUR;
import static io.hotpath.pricing.PricingHarness.MINUTE;
import static io.hotpath.pricing.PricingHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.PriceLineKind;
import org.junit.jupiter.api.Test;

/**
 * Floors (the SKU's, and cost plus the minimum margin), ceilings and the largest move of the market
 * price per interval: a guardrail that binds is named in the breakdown.
 */
class GuardrailsTest
{
    private static final long TV_65 = TextKeys.of("TV-65");
    private static final String DEEP_DISCOUNT = """
        promotions = [ { name = "clearance", from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z", percent-off = "45%" } ]
        """;

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldHoldThePriceAtCostPlusTheMinimumMargin()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEEP_DISCOUNT + "guardrails.min-margin = \"20%\"\n"))).isNull();

        final PricingHarness.Quote milk = harness.quote("MILK-1L", NOW);

        assertThat(milk.line(PriceLineKind.FLOOR))
            .as("129 - 45% = 71, below 80 x 1.2 = 96")
            .isEqualTo(new PricingHarness.Line(PriceLineKind.FLOOR, "EUR", 96, 0, "cost + minimum margin"));
        assertThat(milk.unit()).isEqualTo(96);
    }

    @Test
    void shouldRoundTheMarginFloorUpSoTheMarginAlwaysHolds()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEEP_DISCOUNT + "guardrails.min-margin = \"12.5%\"\n"))).isNull();

        assertThat(harness.quote("MILK-1L", NOW).unit()).as("80 x 1.125 = 90 exactly").isEqualTo(90);
        assertThat(harness.applyConfig(PricingConfigs.book(DEEP_DISCOUNT + "guardrails.min-margin = \"12.51%\"\n"))).isNull();
        assertThat(harness.quote("MILK-1L", NOW).unit()).as("80 x 1.1251 = 90.008, up to 91").isEqualTo(91);
    }

    @Test
    void shouldNameWhicheverFloorIsHigher()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DEEP_DISCOUNT + "guardrails.min-margin = \"10%\"\n"))).isNull();
        assertThat(harness.quote("TV-55", NOW).line(PriceLineKind.FLOOR))
            .as("the SKU's floor of 70,000 beats 60,000 x 1.1")
            .isEqualTo(new PricingHarness.Line(PriceLineKind.FLOOR, "EUR", 70_000, 0, "floor"));

        assertThat(harness.applyConfig(PricingConfigs.book(DEEP_DISCOUNT + "guardrails.min-margin = \"25%\"\n"))).isNull();
        assertThat(harness.quote("TV-55", NOW).line(PriceLineKind.FLOOR))
            .isEqualTo(new PricingHarness.Line(PriceLineKind.FLOOR, "EUR", 75_000, 0, "cost + minimum margin"));
    }

    @Test
    void shouldHoldThePriceAtTheCeiling()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(
            "scarcity { curve = [ { stock = 0, factor = 1.6 }, { stock = 10, factor = 1.0 } ] }\n"))).isNull();
        harness.market(NOW, m -> m.inventory(TextKeys.of("TV-55"), 0));

        final PricingHarness.Quote quote = harness.quote("TV-55", NOW);

        assertThat(quote.kinds()).containsExactly(PriceLineKind.BASE, PriceLineKind.SCARCITY, PriceLineKind.CEILING);
        assertThat(quote.unit()).isEqualTo(150_000);
    }

    @Test
    void shouldLimitHowFarTheMarketPriceMovesWithinAnInterval()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("""
            scarcity { curve = [ { stock = 0, factor = 2.0 }, { stock = 100, factor = 1.0 } ] }
            guardrails { max-change = "10%", per = 1h }
            """))).isNull();

        harness.market(NOW, m -> m.inventory(TV_65, 0));
        final PricingHarness.Quote first = harness.quote("TV-65", NOW);
        assertThat(first.lines()).containsExactly(
            new PricingHarness.Line(PriceLineKind.BASE, "EUR", 200_000, 0, "TV-65"),
            new PricingHarness.Line(PriceLineKind.SCARCITY, "EUR", 400_000, 2_000_000, "scarcity"),
            new PricingHarness.Line(PriceLineKind.MAX_CHANGE, "EUR", 220_000, 0, "max change per interval"));

        harness.market(NOW + 30 * MINUTE, m -> m.inventory(TV_65, 1));
        assertThat(harness.quote("TV-65", NOW + 30 * MINUTE).unit()).as("same interval, same anchor").isEqualTo(220_000);

        harness.market(NOW + HOUR, m -> m.inventory(TV_65, 0));
        assertThat(harness.quote("TV-65", NOW + HOUR).unit()).as("re-anchored at 220,000 after an hour").isEqualTo(242_000);
    }

    @Test
    void shouldLimitFallsAsWellAsRises()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("""
            competitors { policy = match, max-age = 1d }
            guardrails { max-change = "5%", per = 1h }
            """))).isNull();

        harness.market(NOW, m -> m.competitorPrice(TV_65, TextKeys.of("amazon"), 150_000, PricingHarness.currency("EUR")));

        assertThat(harness.quote("TV-65", NOW).unit()).as("a competitor at 150,000 may only pull us to 190,000").isEqualTo(190_000);
    }

    @Test
    void shouldLetANewBasePriceApplyAtOnce()
    {
        final String guarded = "guardrails { max-change = \"5%\", per = 1h }\n";
        assertThat(harness.applyConfig(PricingConfigs.book(guarded))).isNull();
        harness.market(NOW, m -> m.inventory(TV_65, 10));

        assertThat(harness.applyConfig(PricingConfigs.book(guarded).replace("price = 200000", "price = 260000"))).isNull();

        assertThat(harness.quote("TV-65", NOW + MINUTE).unit()).as("the guardrail limits the market, not the merchant").isEqualTo(260_000);
    }
}
