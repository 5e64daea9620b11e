package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.HOUR;
import static io.hotpath.pricing.PricingHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * Prices in other currencies: the mid rate plus the currency's spread, rounded once to the
 * currency's minor units by the book's stated mode, then moved to a price ending.
 */
class FxTest
{
    private static final String DAY_RATES = "fx { rounding = half-up, max-age = 1h }\n";

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldConvertAtMidPlusSpreadIntoCentsYenAndFils()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES).replace(", ending = { value = 80, step = 100 }", ""))).isNull();
        harness.fx("EUR", "USD", "1.08345", NOW);
        harness.fx("EUR", "JPY", "162.5", NOW);
        harness.fx("EUR", "KWD", "0.3312", NOW);

        final PricingHarness.Quote usd = harness.quote("TV-55", 1, "USD", NOW);
        assertThat(usd.line(PriceLineKind.FX))
            .as("1,000.00 x 1.08345 x 1.005 = 1,088.86725")
            .isEqualTo(new PricingHarness.Line(PriceLineKind.FX, "USD", 108_887, 1_088_867, "EUR->USD mid +50 bps"));
        assertThat(harness.quote("TV-55", 1, "JPY", NOW).unit()).as("1,000.00 x 162.5 x 1.008 = 163,800 yen").isEqualTo(163_800);
        assertThat(harness.quote("TV-55", 1, "KWD", NOW).unit()).as("1,000.00 x 0.3312 x 1.01 = 334.512 dinar").isEqualTo(334_512);
    }

    @Test
    void shouldUseARateQuotedTheOtherWayRound()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES))).isNull();
        harness.fx("USD", "EUR", "0.923", NOW);

        // 1,000.00 / 0.923 x 1.005 = 1,088.84073...
        assertThat(harness.quote("TV-55", 1, "USD", NOW).unit()).isEqualTo(108_884);
    }

    @Test
    void shouldUseTheNewerRateWhenBothDirectionsArrived()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES))).isNull();
        harness.fx("EUR", "USD", "1.1", NOW);
        harness.fx("USD", "EUR", "0.8", NOW + 1);

        assertThat(harness.quote("PEN", 1, "USD", NOW + 2).unit()).as("1.50 / 0.8 x 1.005 = 1.884375").isEqualTo(188);
    }

    @Test
    void shouldRoundByTheBooksStatedMode()
    {
        final String book = PricingConfigs.BASE.replace("JPY { spread-bps = 80, ending = { value = 80, step = 100 } }", "JPY { }");
        final long[][] expected = {
            // PEN 1.50 EUR and GUM 2.50 EUR at exactly 1 yen per euro: 1.5 and 2.5 yen.
            {2, 3}, {2, 2}, {1, 2}, {2, 3}, {1, 2},
        };
        final String[] modes = {"half-up", "half-even", "down", "up", "half-down"};
        for (int i = 0; i < modes.length; i++)
        {
            assertThat(harness.applyConfig(book + "fx.rounding = " + modes[i] + "\n")).isNull();
            harness.fx("EUR", "JPY", "1", NOW);
            assertThat(new long[] {harness.quote("PEN", 1, "JPY", NOW).unit(), harness.quote("GUM", 1, "JPY", NOW).unit()})
                .as(modes[i])
                .containsExactly(expected[i]);
        }
    }

    @Test
    void shouldRefuseAPriceBeforeItsRateArrivesAndOnceItIsStale()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES))).isNull();

        final PricingHarness.Quote early = harness.quote("TV-55", 1, "USD", NOW);
        assertThat(early.code()).isEqualTo(ResultCode.FAILED_PRECONDITION);
        assertThat(early.failure()).isEqualTo("currency: no FX rate between EUR and USD has arrived");

        harness.fx("EUR", "USD", "1.1", NOW);
        assertThat(harness.quote("TV-55", 1, "USD", NOW + HOUR).code()).isEqualTo(ResultCode.OK);
        final PricingHarness.Quote stale = harness.quote("TV-55", 1, "USD", NOW + HOUR + 1);
        assertThat(stale.code()).isEqualTo(ResultCode.FAILED_PRECONDITION);
        assertThat(stale.failure()).isEqualTo("currency: the EUR/USD FX rate is older than fx.max-age");
    }

    @Test
    void shouldRefuseACurrencyTheTenantDoesNotQuoteIn()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES))).isNull();

        final PricingHarness.Quote chf = harness.quote("TV-55", 1, "CHF", NOW);

        assertThat(chf.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(chf.failure()).isEqualTo("currency: the tenant does not quote in this currency");
    }

    @Test
    void shouldMoveToThePriceEndingBelowUnlessThatCrossesTheFloor()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES + """
            promotions = [ { name = "clearance", skus = [TV-55], from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z",
                             percent-off = "30%" } ]
            """))).isNull();
        harness.fx("EUR", "GBP", "0.85", NOW);
        harness.fx("EUR", "JPY", "162.5", NOW);

        final PricingHarness.Quote tv = harness.quote("TV-65", 1, "GBP", NOW);
        assertThat(tv.lines().subList(tv.lines().size() - 2, tv.lines().size())).containsExactly(
            new PricingHarness.Line(PriceLineKind.FX, "GBP", 171_020, 855_100, "EUR->GBP mid +60 bps"),
            new PricingHarness.Line(PriceLineKind.ENDING, "GBP", 170_999, 0, "ends in 99 per 100"));

        // The clearance takes TV-55 to its floor of 70,000, which is 59,857 in GBP (rounded up):
        // 59,799 would cross it, so the ending above.
        final PricingHarness.Quote floored = harness.quote("TV-55", 1, "GBP", NOW);
        assertThat(floored.line(PriceLineKind.PROMOTION).price()).isEqualTo(70_000);
        assertThat(floored.line(PriceLineKind.FX).price()).isEqualTo(59_857);
        assertThat(floored.unit()).isEqualTo(59_899);

        assertThat(harness.quote("TV-65", 1, "JPY", NOW).unit()).as("327,600 yen ends in 80 per 100").isEqualTo(327_580);
    }

    @Test
    void shouldMoveToTheNearestOrTheHigherEndingWhenTold()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES + "endings.direction = nearest\n"))).isNull();
        harness.fx("EUR", "GBP", "0.85", NOW);
        assertThat(harness.quote("TV-65", 1, "GBP", NOW).unit()).as("171,020 is nearer 170,999 than 171,099").isEqualTo(170_999);

        assertThat(harness.applyConfig(PricingConfigs.book(DAY_RATES + "endings.direction = up\n"))).isNull();
        harness.fx("EUR", "GBP", "0.85", NOW);
        assertThat(harness.quote("TV-65", 1, "GBP", NOW).unit()).isEqualTo(171_099);
    }

    @Test
    void shouldApplyAnEndingToTheBookCurrencyToo()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("currencies.EUR.ending = 95\n"))).isNull();

        final PricingHarness.Quote book = harness.quote("BOOK-1", NOW);

        assertThat(book.lines()).containsExactly(
            new PricingHarness.Line(PriceLineKind.BASE, "EUR", 1_999, 0, "BOOK-1"),
            new PricingHarness.Line(PriceLineKind.ENDING, "EUR", 1_995, 0, "ends in 95 per 100"));
    }

    @Test
    void shouldKeepTheDigitsWhenTheEndingWouldMoveThePriceTooFar()
    {
        assertThat(harness.applyConfig(PricingConfigs.book("currencies.EUR.ending = 99\n"))).isNull();
        assertThat(harness.quote("MILK-1L", NOW).kinds()).as("1.29 to 0.99 is more than 10%").containsExactly(PriceLineKind.BASE);
        assertThat(harness.quote("BOOK-1", NOW).unit()).isEqualTo(1_999);

        assertThat(harness.applyConfig(PricingConfigs.book("currencies.EUR.ending = 99\nendings.max-move = \"25%\"\n"))).isNull();
        assertThat(harness.quote("MILK-1L", NOW).unit()).isEqualTo(99);
    }
}
