package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.MINUTE;
import static io.hotpath.pricing.PricingHarness.NOW;
import static io.hotpath.pricing.PricingHarness.SECOND;
import static io.hotpath.pricing.PricingHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.QuoteStatus;
import io.hotpath.core.sbe.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * A quote holds its price until it expires, judged on command time: validation honours it at
 * exactly the quoted price whatever the market did since, once if asked to consume it, and only
 * for the SKU, quantity, currency and tenant it was made for.
 */
class QuoteTest
{
    private static final String QUICK = """
        quotes.ttl = 2m
        scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 10, factor = 1.0 } ] }
        """;

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldHonourAnUnexpiredQuoteAtTheQuotedPriceAfterTheMarketMoved()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        final PricingHarness.Quote quote = harness.quote("TV-65", 2, "EUR", NOW);
        assertThat(quote.expiresAt()).isEqualTo(NOW + 2 * MINUTE);

        harness.market(NOW + SECOND, m -> m.inventory(TextKeys.of("TV-65"), 0));
        assertThat(harness.quote("TV-65", 2, "EUR", NOW + SECOND).unit()).isEqualTo(300_000);

        final PricingHarness.Validation validation = harness.validate(quote.quoteId(), "TV-65", 2, "EUR", false, NOW + MINUTE);
        assertThat(validation).isEqualTo(new PricingHarness.Validation(QuoteStatus.HONOURED, 200_000, 400_000, ""));
    }

    @Test
    void shouldExpireAQuoteAtItsExpiryInstant()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        final PricingHarness.Quote quote = harness.quote("TV-65", 1, "EUR", NOW);

        assertThat(harness.validate(quote.quoteId(), "TV-65", 1, "EUR", false, NOW + 2 * MINUTE - 1).status())
            .isEqualTo(QuoteStatus.HONOURED);
        final PricingHarness.Validation expired = harness.validate(quote.quoteId(), "TV-65", 1, "EUR", false, NOW + 2 * MINUTE);
        assertThat(expired.status()).isEqualTo(QuoteStatus.EXPIRED);
        assertThat(expired.unit()).as("no price for an expired quote").isZero();
    }

    @Test
    void shouldHonourAConsumedQuoteOnlyOnce()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        final PricingHarness.Quote quote = harness.quote("BOOK-1", 1, "EUR", NOW);

        assertThat(harness.validate(quote.quoteId(), "BOOK-1", 1, "EUR", false, NOW + 1).status()).isEqualTo(QuoteStatus.HONOURED);
        assertThat(harness.validate(quote.quoteId(), "BOOK-1", 1, "EUR", true, NOW + 2).status()).isEqualTo(QuoteStatus.HONOURED);
        assertThat(harness.validate(quote.quoteId(), "BOOK-1", 1, "EUR", true, NOW + 3).status()).isEqualTo(QuoteStatus.ALREADY_USED);
    }

    @Test
    void shouldNameTheFieldThatDiffersFromTheQuote()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        harness.fx("EUR", "USD", "1.1", NOW);
        final PricingHarness.Quote quote = harness.quote("BOOK-1", 3, "EUR", NOW);

        assertThat(harness.validate(quote.quoteId(), "TV-65", 3, "EUR", false, NOW).mismatch()).isEqualTo("sku");
        assertThat(harness.validate(quote.quoteId(), "BOOK-1", 4, "EUR", false, NOW).mismatch()).isEqualTo("quantity");
        final PricingHarness.Validation currency = harness.validate(quote.quoteId(), "BOOK-1", 3, "USD", true, NOW);
        assertThat(currency.status()).isEqualTo(QuoteStatus.MISMATCH);
        assertThat(currency.mismatch()).isEqualTo("currency");
        assertThat(harness.validate(quote.quoteId(), "BOOK-1", 3, "EUR", true, NOW).status())
            .as("a mismatch consumes nothing").isEqualTo(QuoteStatus.HONOURED);
    }

    @Test
    void shouldNotKnowAnotherTenantsQuoteOrAnInventedOne()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        assertThat(harness.applyConfig(TENANT + 1, PricingConfigs.book(QUICK))).isNull();
        final PricingHarness.Quote quote = harness.quote("BOOK-1", 1, "EUR", NOW);

        assertThat(harness.validate(TENANT + 1, quote.quoteId(), "BOOK-1", 1, "EUR", false, NOW).status())
            .isEqualTo(QuoteStatus.UNKNOWN_QUOTE);
        assertThat(harness.validate(quote.quoteId() ^ 1, "BOOK-1", 1, "EUR", false, NOW).status()).isEqualTo(QuoteStatus.UNKNOWN_QUOTE);
    }

    @Test
    void shouldHonourAQuoteAcrossANewPriceBook()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();
        final PricingHarness.Quote quote = harness.quote("TV-65", 1, "EUR", NOW);

        assertThat(harness.applyConfig(PricingConfigs.book(QUICK).replace("price = 200000", "price = 250000"))).isNull();

        assertThat(harness.validate(quote.quoteId(), "TV-65", 1, "EUR", false, NOW + MINUTE).unit()).isEqualTo(200_000);
    }

    @Test
    void shouldGiveEveryQuoteItsOwnId()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();

        final long first = harness.quote("BOOK-1", NOW).quoteId();
        final long second = harness.quote("BOOK-1", NOW).quoteId();

        assertThat(first).isNotZero().isNotEqualTo(second);
    }

    @Test
    void shouldRefuseNewQuotesWhileTheBookIsFullOfLiveOnesAndTakeThemOnceTheyExpire()
    {
        final PricingHarness small = new PricingHarness(new PricingLimits(16, 16, 3, 16, 16));
        assertThat(small.applyConfig(PricingConfigs.book(QUICK))).isNull();
        for (int i = 0; i < 3; i++)
        {
            assertThat(small.quote("BOOK-1", NOW + i).code()).isEqualTo(ResultCode.OK);
        }

        final PricingHarness.Quote refused = small.quote("BOOK-1", NOW + 3);
        assertThat(refused.code()).isEqualTo(ResultCode.LIMIT_EXCEEDED);
        assertThat(small.pricing.quotesRefused()).isEqualTo(1);

        assertThat(small.quote("BOOK-1", NOW + 2 * MINUTE).code()).as("the oldest has expired").isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldRefuseBadQuoteFieldsByName()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(QUICK))).isNull();

        assertThat(harness.quote("NO-SUCH-SKU", NOW).failure()).isEqualTo("sku: not in the tenant's price book");
        assertThat(harness.quote("BOOK-1", 0, "EUR", NOW).failure()).isEqualTo("quantity: must be in [1, 1000000]");
        assertThat(harness.quote("BOOK-1", -3, "EUR", NOW).failure()).isEqualTo("quantity: must be in [1, 1000000]");
        assertThat(harness.quote("BOOK-1", 1, "EUR", NOW, q -> q.segmentKey = TextKeys.of("gold")).failure())
            .isEqualTo("segment: not a segment of the tenant's price book");
        assertThat(harness.quote("BOOK-1", 1, "EUR", NOW, q -> q.channelKey = TextKeys.of("fax")).failure())
            .isEqualTo("channel: not a channel of the tenant's price book");
        assertThat(harness.quote("BOOK-1", 1, "EUR", NOW, q -> q.tenantId = 99).failure())
            .isEqualTo("tenant_id: no pricing config for this tenant");
    }
}
