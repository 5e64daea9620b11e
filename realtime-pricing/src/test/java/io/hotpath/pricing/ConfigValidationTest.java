package io.hotpath.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.config.ConfigProblem;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.PricingConfigParser;
import org.junit.jupiter.api.Test;

/**
 * A price book that cannot be used is refused with the file, the line, the field and the problem,
 * and the book in force stays.
 */
class ConfigValidationTest
{
    @Test
    void shouldNameTheFileLineFieldAndProblem()
    {
        assertThat(problem("""
            currency = EUR
            skus = [
              { sku = A, price = 0 }
            ]
            """)).isEqualTo("book.conf:3: skus[0].price: must be in [1, 100000000000], was 0");
        assertThat(problem("currency = EUX\nskus = [ { sku = A, price = 1 } ]\n"))
            .isEqualTo("book.conf:1: currency: unknown currency \"EUX\"");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, skus = [TV-99], adjust = \"-5%\" } ]\n"))
            .isEqualTo("book.conf:18: price-list[0].skus[0]: unknown SKU \"TV-99\"");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, segments = [gold], adjust = \"-5%\" } ]\n"))
            .isEqualTo("book.conf:18: price-list[0].segments[0]: unknown segment \"gold\"; declare it in segments");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, adjust = \"-5\" } ]\n"))
            .isEqualTo("book.conf:18: price-list[0].adjust: must be a percentage such as \"12%\" or \"-0.5%\", was \"-5\"");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, adjust = \"1e100000020%\" } ]\n"))
            .as("refused at once, not expanded to a hundred million digits (a fuzzing finding)")
            .startsWith("book.conf:18: price-list[0].adjust: must be a percentage");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, adjust = \"-" + "1".repeat(60) + "%\" } ]\n"))
            .startsWith("book.conf:18: price-list[0].adjust: must be a percentage");
        assertThat(problem(PricingConfigs.BASE + "price-list = [ { name = x, adjust = \"-5%\", price = 10 } ]\n"))
            .isEqualTo("book.conf:18: price-list[0]: give exactly one of price and adjust");
    }

    @Test
    void shouldRefuseInconsistentSkus()
    {
        assertThat(problem("currency = EUR\nskus = [ { sku = A, price = 10 }, { sku = A, price = 20 } ]\n"))
            .isEqualTo("book.conf:2: skus[1].sku: SKU \"A\" is listed twice");
        assertThat(problem("currency = EUR\nskus = [ { sku = A, price = 10, floor = 30, ceiling = 20 } ]\n"))
            .isEqualTo("book.conf:2: skus[0].floor: floor 30 is above the ceiling 20");
        assertThat(problem("currency = EUR\nguardrails.min-margin = \"50%\"\n"
            + "skus = [ { sku = A, price = 10, cost = 20, ceiling = 25 } ]\n"))
            .isEqualTo("book.conf:3: skus[0].ceiling: ceiling 25 is below cost plus the minimum margin, 30");
        assertThat(problem("currency = EUR\nskus = [ { sku = \"has space\", price = 10 } ]\n"))
            .startsWith("book.conf:2: skus[0].sku: must be 1 to 64 letters");
        assertThat(problem("currency = EUR\nskus = []\n")).isEqualTo("book.conf:2: skus: must list 1 to 50000 SKUs");
    }

    @Test
    void shouldRefuseBadTiersPromotionsAndSignals()
    {
        assertThat(problem(PricingConfigs.BASE + """
            tiers = [ { name = t, levels = [ { min-quantity = 10, adjust = "-5%" }, { min-quantity = 5, adjust = "-9%" } ] } ]
            """)).isEqualTo("book.conf:18: tiers[0].levels[1].min-quantity: tiers must be in ascending min-quantity, 5 follows 10");
        assertThat(problem(PricingConfigs.BASE + """
            promotions = [ { name = p, from = "2026-12-01T00:00:00Z", to = "2026-11-01T00:00:00Z", percent-off = "5%" } ]
            """)).isEqualTo("book.conf:18: promotions[0].to: must be after from");
        assertThat(problem(PricingConfigs.BASE + """
            promotions = [ { name = p, from = "yesterday", to = "2026-11-01T00:00:00Z", percent-off = "5%" } ]
            """)).isEqualTo("book.conf:18: promotions[0].from: must be an ISO-8601 instant such as 2026-11-27T00:00:00Z, "
                + "was \"yesterday\"");
        assertThat(problem(PricingConfigs.BASE + "demand { half-life = 1h, baseline = 10, sensitivity = 0.5, min = 1.1, max = 1.3 }\n"))
            .isEqualTo("book.conf:18: demand: min must be at most 1 and max at least 1, so that baseline demand leaves prices alone");
        assertThat(problem(PricingConfigs.BASE + "competitors { policy = undercut, max-age = 1h }\n"))
            .isEqualTo("book.conf:18: competitors.policy: unknown policy \"undercut\"; off, match or ceiling");
        assertThat(problem(PricingConfigs.BASE + "scarcity { curve = [ { stock = 10, factor = 1.2 }, { stock = 10, factor = 1 } ] }\n"))
            .isEqualTo("book.conf:18: scarcity.curve[1].stock: points must be in ascending stock, 10 follows 10");
        assertThat(problem(PricingConfigs.BASE + "fx.rounding = sideways\n"))
            .isEqualTo("book.conf:18: fx.rounding: unknown rounding mode \"sideways\"");
        assertThat(problem(PricingConfigs.BASE + "currencies.EUR.spread-bps = 10\n"))
            .isEqualTo("book.conf:18: currencies.EUR.spread-bps: the book currency is not converted, so it has no spread");
        assertThat(problem(PricingConfigs.BASE + "currencies.USD.ending = { value = 120, step = 100 }\n"))
            .isEqualTo("book.conf:18: currencies.USD.ending: the ending 120 must be below its step 100");
    }

    @Test
    void shouldReadAWholeBook() throws ConfigProblem
    {
        final PriceBook book = PricingConfigParser.parse(PricingConfigs.BASE, "book.conf", 3);

        assertThat(book.version()).isEqualTo(3);
        assertThat(book.skuCount()).isEqualTo(6);
        assertThat(book.bookCurrency().alpha()).isEqualTo("EUR");
        assertThat(book.currency(PricingHarness.currency("JPY")).digits()).isZero();
        assertThat(book.currency(PricingHarness.currency("KWD")).digits()).isEqualTo(3);
        assertThat(book.currency(PricingHarness.currency("GBP")).step()).isEqualTo(100);
        assertThat(book.currency(PricingHarness.currency("CHF"))).isNull();
    }

    @Test
    void shouldKeepTheBookInForceWhenANewOneIsRefused()
    {
        final PricingHarness harness = new PricingHarness();
        assertThat(harness.applyConfig(PricingConfigs.BASE)).isNull();

        assertThat(harness.applyConfig("currency = EUR\nskus = [ { sku = TV-65, price = -1 } ]\n")).contains("skus[0].price");

        assertThat(harness.quote("TV-65", PricingHarness.NOW).unit()).isEqualTo(200_000);
    }

    private static String problem(final String text)
    {
        try
        {
            PricingConfigParser.parse(text, "book.conf", 1);
            return null;
        }
        catch (final ConfigProblem problem)
        {
            return problem.getMessage();
        }
    }
}
