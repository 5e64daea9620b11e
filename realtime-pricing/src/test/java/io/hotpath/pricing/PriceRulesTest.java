package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.NOW;
import static io.hotpath.pricing.PricingHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * Price lists by segment and channel, contract prices, quantity tiers, promotions and stacking:
 * each rule that applies changes the price and leaves its line in the breakdown.
 */
class PriceRulesTest
{
    private static final String RULES = """
        price-list = [
          { name = "vip TV contract", segments = [vip], skus = [TV-55], price = 85000 }
          { name = "business list", segments = [business], adjust = "-10%" }
          { name = "marketplace uplift", channels = [marketplace], adjust = "+5%" }
          { name = "app", channels = [app, marketplace], adjust = "-50%" }
        ]
        tiers = [
          { name = volume, groups = [grocery], levels = [
              { min-quantity = 10, adjust = "-5%" }, { min-quantity = 50, adjust = "-10%" }, { min-quantity = 200, price = 99 } ] }
        ]
        promotions = [
          { name = "Black Friday TVs", groups = [tv], from = "2026-11-27T00:00:00Z", to = "2026-12-01T00:00:00Z", percent-off = "15%" }
          { name = "TV-55 coupon", skus = [TV-55], from = "2026-11-01T00:00:00Z", to = "2027-01-01T00:00:00Z", amount-off = 5000 }
          { name = "bulk books", groups = [books], from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z", percent-off = "20%",
            min-quantity = 3 }
        ]
        """;

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldQuoteTheBasePriceWithOneLineWhenNoRuleApplies()
    {
        assertThat(harness.applyConfig(PricingConfigs.BASE)).isNull();

        final PricingHarness.Quote quote = harness.quote("TV-65", 3, "EUR", NOW);

        assertThat(quote.code()).isEqualTo(ResultCode.OK);
        assertThat(quote.unit()).isEqualTo(200_000);
        assertThat(quote.total()).isEqualTo(600_000);
        assertThat(quote.lines()).containsExactly(new PricingHarness.Line(PriceLineKind.BASE, "EUR", 200_000, 0, "TV-65"));
    }

    @Test
    void shouldApplyTheFirstPriceListEntryForTheSegmentAndChannel()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        final PricingHarness.Quote business = harness.quote("TV-65", 1, "EUR", NOW, q -> q.segmentKey = TextKeys.of("business"));
        assertThat(business.unit()).isEqualTo(180_000);
        assertThat(business.line(PriceLineKind.PRICE_LIST))
            .isEqualTo(new PricingHarness.Line(PriceLineKind.PRICE_LIST, "EUR", 180_000, 900_000, "business list"));

        final PricingHarness.Quote marketplace = harness.quote("BOOK-1", 1, "EUR", NOW, q -> q.channelKey = TextKeys.of("marketplace"));
        assertThat(marketplace.unit()).as("the first match wins, not the later app entry").isEqualTo(2_099);

        final PricingHarness.Quote retail = harness.quote("TV-65", 1, "EUR", NOW, q -> q.segmentKey = TextKeys.of("retail"));
        assertThat(retail.unit()).isEqualTo(200_000);
        assertThat(retail.kinds()).containsExactly(PriceLineKind.BASE);
    }

    @Test
    void shouldReplaceTheBasePriceWithAContractPrice()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        final PricingHarness.Quote vip = harness.quote("TV-55", 1, "EUR", NOW, q -> q.segmentKey = TextKeys.of("vip"));

        assertThat(vip.lines()).startsWith(
            new PricingHarness.Line(PriceLineKind.BASE, "EUR", 100_000, 0, "TV-55"),
            new PricingHarness.Line(PriceLineKind.CONTRACT_PRICE, "EUR", 85_000, 0, "vip TV contract"));
        assertThat(vip.unit()).as("the coupon still applies to the contract price").isEqualTo(80_000);
    }

    @Test
    void shouldApplyTheDeepestQuantityTierReached()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        assertThat(harness.quote("MILK-1L", 9, "EUR", NOW).unit()).isEqualTo(129);
        final PricingHarness.Quote ten = harness.quote("MILK-1L", 10, "EUR", NOW);
        assertThat(ten.unit()).as("129 x 0.95 = 122.55, half up").isEqualTo(123);
        assertThat(ten.line(PriceLineKind.TIER)).isEqualTo(new PricingHarness.Line(PriceLineKind.TIER, "EUR", 123, 950_000, "volume 10+"));
        final PricingHarness.Quote fifty = harness.quote("MILK-1L", 199, "EUR", NOW);
        assertThat(fifty.unit()).as("129 x 0.90 = 116.1").isEqualTo(116);
        assertThat(fifty.line(PriceLineKind.TIER).name()).isEqualTo("volume 50+");
        final PricingHarness.Quote twoHundred = harness.quote("MILK-1L", 200, "EUR", NOW);
        assertThat(twoHundred.unit()).isEqualTo(99);
        assertThat(twoHundred.total()).isEqualTo(19_800);
        assertThat(harness.quote("BOOK-1", 500, "EUR", NOW).kinds()).as("tiers only for their SKUs").doesNotContain(PriceLineKind.TIER);
    }

    @Test
    void shouldApplyPromotionsOnlyWithinTheirWindowJudgedOnCommandTime()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        final PricingHarness.Quote before = harness.quote("TV-65", at("2026-11-26T23:59:59.999Z"));
        assertThat(before.unit()).isEqualTo(200_000);
        final PricingHarness.Quote during = harness.quote("TV-65", at("2026-11-27T00:00:00Z"));
        assertThat(during.unit()).isEqualTo(170_000);
        assertThat(during.line(PriceLineKind.PROMOTION))
            .isEqualTo(new PricingHarness.Line(PriceLineKind.PROMOTION, "EUR", 170_000, 850_000, "Black Friday TVs"));
        final PricingHarness.Quote after = harness.quote("TV-65", at("2026-12-01T00:00:00Z"));
        assertThat(after.unit()).as("the window's end is exclusive").isEqualTo(200_000);
    }

    @Test
    void shouldApplyAPromotionOnlyFromItsMinimumQuantity()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        assertThat(harness.quote("BOOK-1", 2, "EUR", NOW).unit()).isEqualTo(1_999);
        assertThat(harness.quote("BOOK-1", 3, "EUR", NOW).unit()).as("1999 x 0.8 = 1599.2").isEqualTo(1_599);
    }

    @Test
    void shouldTakeTheBestPromotionWhenStackingIsBestOf()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES))).isNull();

        final PricingHarness.Quote coupon = harness.quote("TV-55", NOW);
        assertThat(coupon.unit()).isEqualTo(95_000);
        final PricingHarness.Quote blackFriday = harness.quote("TV-55", at("2026-11-28T10:00:00Z"));
        assertThat(blackFriday.unit()).as("15% (15,000) beats 5,000 off").isEqualTo(85_000);
        assertThat(blackFriday.lines().stream().filter(line -> line.kind() == PriceLineKind.PROMOTION).map(PricingHarness.Line::name))
            .containsExactly("Black Friday TVs");
    }

    @Test
    void shouldAddPromotionsUpToTheCapWhenStackingIsAdditive()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES + "stacking { policy = additive, cap = \"18%\" }\n"))).isNull();

        final PricingHarness.Quote capped = harness.quote("TV-55", at("2026-11-28T10:00:00Z"));

        assertThat(capped.lines()).containsExactly(
            new PricingHarness.Line(PriceLineKind.BASE, "EUR", 100_000, 0, "TV-55"),
            new PricingHarness.Line(PriceLineKind.PROMOTION, "EUR", 85_000, 850_000, "Black Friday TVs"),
            new PricingHarness.Line(PriceLineKind.PROMOTION, "EUR", 80_000, 0, "TV-55 coupon"),
            new PricingHarness.Line(PriceLineKind.PROMOTION_CAP, "EUR", 82_000, 820_000, "promotion cap"));
        assertThat(capped.unit()).isEqualTo(82_000);

        assertThat(harness.applyConfig(PricingConfigs.book(RULES + "stacking { policy = additive, cap = \"50%\" }\n"))).isNull();
        assertThat(harness.quote("TV-55", at("2026-11-28T10:00:00Z")).unit()).as("both discounts, on the same price").isEqualTo(80_000);
    }

    @Test
    void shouldNameEveryRuleThatAppliedInOrder()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(RULES + "stacking { policy = additive, cap = \"60%\" }\n"))).isNull();

        final PricingHarness.Quote quote = harness.quote("TV-65", 1, "EUR", at("2026-11-28T10:00:00Z"),
            q -> q.segmentKey = TextKeys.of("business"));

        assertThat(quote.kinds()).containsExactly(PriceLineKind.BASE, PriceLineKind.PRICE_LIST, PriceLineKind.PROMOTION);
        assertThat(quote.unit()).as("200,000 - 10% = 180,000, then 15% off").isEqualTo(153_000);
    }
}
