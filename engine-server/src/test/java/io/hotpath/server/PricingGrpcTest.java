package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DemandEvent;
import io.hotpath.gateway.v1.FxRateEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketDataReply;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.PriceLine;
import io.hotpath.gateway.v1.PriceLineKind;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.QuoteStatus;
import io.hotpath.gateway.v1.ValidateQuoteReply;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pricing RPCs through a real engine on loopback, with the example price book: quotes with
 * their breakdown, quotes honoured, market data applied whole or not at all, and every bad field
 * refused by name. The SKUs asserted on carry no time-limited promotion, so the test holds on any date.
 */
@Timeout(60)
public class PricingGrpcTest
{
    private static final long TENANT = 7;

    @TempDir
    static Path journal;

    private static TestEngine engine;
    private static PricingGrpc.PricingBlockingStub pricing;

    @BeforeAll
    static void start() throws IOException
    {
        engine = TestEngine.start(journal, Map.of("hotpath.tick-interval", "0s"));
        pricing = PricingGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        ControlGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS).applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(TENANT)
            .setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
            .setVersion(1)
            .setOrigin("pricing-example.conf")
            .setConfig(example())
            .build());
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        // A closed engine still reaches its shards' state through its actor system: let it go.
        engine = null;
    }

    public static ByteString example() throws IOException
    {
        try (InputStream in = PricingGrpcTest.class.getResourceAsStream("/examples/pricing-example.conf"))
        {
            return ByteString.readFrom(in);
        }
    }

    public static QuoteRequest.Builder quote(final String sku, final long quantity, final String currency)
    {
        return QuoteRequest.newBuilder().setTenantId(TENANT).setSku(sku).setQuantity(quantity).setCurrency(currency).setCorrelationId(11);
    }

    @Test
    void shouldQuoteWithTheBreakdownAndAQuoteThatExpires()
    {
        final long before = System.currentTimeMillis();
        final QuoteReply reply = pricing.quote(quote("BOOK-NOVEL", 2, "EUR").build());

        assertThat(reply.getUnitPrice()).isEqualTo(2_299);
        assertThat(reply.getTotalPrice()).isEqualTo(4_598);
        assertThat(reply.getCurrency()).isEqualTo("EUR");
        assertThat(reply.getCurrencyDigits()).isEqualTo(2);
        assertThat(reply.getSku()).isEqualTo("BOOK-NOVEL");
        assertThat(reply.getQuoteId()).matches("[0-9a-f]{16}");
        assertThat(reply.getCorrelationId()).isEqualTo(11);
        assertThat(reply.getBreakdownList()).containsExactly(PriceLine.newBuilder()
            .setKind(PriceLineKind.PRICE_LINE_KIND_BASE).setName("BOOK-NOVEL").setCurrency("EUR").setUnitPrice(2_299).build());
        assertThat(reply.getExpiresAt().getSeconds() * 1000).as("ten minutes").isBetween(before + 599_000, before + 601_000);
    }

    @Test
    void shouldNameEveryRuleThatMadeThePrice()
    {
        final QuoteReply reply = pricing.quote(quote("BOOK-NOVEL", 1, "EUR").setSegment("business").build());

        assertThat(reply.getBreakdownList()).extracting(PriceLine::getKind, PriceLine::getName, PriceLine::getUnitPrice).containsExactly(
            tuple(PriceLineKind.PRICE_LINE_KIND_BASE, "BOOK-NOVEL", 2_299L),
            tuple(PriceLineKind.PRICE_LINE_KIND_PRICE_LIST, "business list", 2_161L),
            tuple(PriceLineKind.PRICE_LINE_KIND_ENDING, "ends in 99 per 100", 2_099L));
        assertThat(reply.getBreakdown(1).getFactorPpm()).isEqualTo(940_000);
    }

    @Test
    void shouldHonourAQuoteExactlyAndOnlyOnceWhenConsumed()
    {
        final QuoteReply quote = pricing.quote(quote("BOOK-COOKING", 3, "EUR").build());
        final ValidateQuoteRequest.Builder validate = ValidateQuoteRequest.newBuilder()
            .setTenantId(TENANT).setQuoteId(quote.getQuoteId()).setSku("BOOK-COOKING").setQuantity(3).setCurrency("EUR");

        final ValidateQuoteReply honoured = pricing.validateQuote(validate.setConsume(true).build());
        assertThat(honoured.getStatus()).isEqualTo(QuoteStatus.QUOTE_STATUS_HONOURED);
        assertThat(honoured.getTotalPrice()).isEqualTo(quote.getTotalPrice());
        assertThat(honoured.getExpiresAt()).isEqualTo(quote.getExpiresAt());
        assertThat(pricing.validateQuote(validate.build()).getStatus()).isEqualTo(QuoteStatus.QUOTE_STATUS_ALREADY_USED);

        final QuoteReply other = pricing.quote(quote("BOOK-COOKING", 3, "EUR").build());
        final ValidateQuoteReply mismatch = pricing.validateQuote(validate.setQuoteId(other.getQuoteId()).setQuantity(4).build());
        assertThat(mismatch.getStatus()).isEqualTo(QuoteStatus.QUOTE_STATUS_MISMATCH);
        assertThat(mismatch.getMismatchedField()).isEqualTo("quantity");
    }

    @Test
    void shouldQuoteInAnotherCurrencyOnceItsRateArrives()
    {
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "SEK").build())))
            .isEqualTo(Status.Code.FAILED_PRECONDITION + ": currency: no FX rate between EUR and SEK has arrived");

        final MarketDataReply applied = pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(fx("EUR", "SEK", "11.4"))
            .build());
        assertThat(applied.getEventsApplied()).isEqualTo(1);

        // 22.99 x 11.4 x 1.009 = 264.4448 kronor, then the ending 9.00 per 10.00 below it.
        final QuoteReply sek = pricing.quote(quote("BOOK-NOVEL", 1, "SEK").build());
        assertThat(sek.getBreakdownList()).extracting(PriceLine::getKind, PriceLine::getCurrency, PriceLine::getUnitPrice).endsWith(
            tuple(PriceLineKind.PRICE_LINE_KIND_FX, "SEK", 26_444L),
            tuple(PriceLineKind.PRICE_LINE_KIND_ENDING, "SEK", 25_900L));
    }

    @Test
    void shouldRefuseEveryBadQuoteFieldByName()
    {
        assertThat(refusal(() -> pricing.quote(quote("", 1, "EUR").build())))
            .isEqualTo("INVALID_ARGUMENT: sku: must be 1 to 64 characters, was \"\"");
        assertThat(refusal(() -> pricing.quote(quote("NO-SUCH-SKU", 1, "EUR").build())))
            .isEqualTo("INVALID_ARGUMENT: sku: not in the tenant's price book");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 0, "EUR").build())))
            .isEqualTo("INVALID_ARGUMENT: quantity: must be in [1, 1000000], was 0");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", -4, "EUR").build())))
            .isEqualTo("INVALID_ARGUMENT: quantity: must be in [1, 1000000], was -4");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "EUX").build())))
            .isEqualTo("INVALID_ARGUMENT: currency: unknown currency \"EUX\"");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "CAD").build())))
            .isEqualTo("INVALID_ARGUMENT: currency: the tenant does not quote in this currency");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "EUR").setSegment("gold").build())))
            .isEqualTo("INVALID_ARGUMENT: segment: not a segment of the tenant's price book");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "EUR").setTenantId(99).build())))
            .isEqualTo("INVALID_ARGUMENT: tenant_id: no pricing config for this tenant");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "EUR").setTenantId(0).build())))
            .isEqualTo("INVALID_ARGUMENT: tenant_id: must be > 0, was 0");
        assertThat(refusal(() -> pricing.validateQuote(ValidateQuoteRequest.newBuilder().setTenantId(TENANT).setQuoteId("xyz")
            .setSku("BOOK-NOVEL").setQuantity(1).setCurrency("EUR").build())))
            .isEqualTo("INVALID_ARGUMENT: quote_id: must be the 16 hexadecimal digits a quote gave");
    }

    @Test
    void shouldRefuseABadMarketDataBatchWholeAndNameTheEvent()
    {
        final MarketEvent gbp = fx("EUR", "GBP", "0.85");

        assertThat(refusal(() -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(gbp)
            .addEvents(MarketEvent.newBuilder().setDemand(DemandEvent.newBuilder().setSku("NO-SUCH-SKU").setUnits(3)))
            .build())))
            .isEqualTo("INVALID_ARGUMENT: events[1].demand.sku: not in the tenant's price book");
        assertThat(refusal(() -> pricing.quote(quote("BOOK-NOVEL", 1, "GBP").build())))
            .as("the rate in the refused batch was not applied").startsWith("FAILED_PRECONDITION");

        assertThat(refusal(() -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(gbp).addEvents(MarketEvent.getDefaultInstance()).build())))
            .isEqualTo("INVALID_ARGUMENT: events[1].event: required: demand, inventory, competitor_price or fx_rate");
        assertThat(refusal(() -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(fx("EUR", "GBP", "0,85")).build())))
            .startsWith("INVALID_ARGUMENT: events[0].fx_rate.mid_rate: must be a positive decimal");
        assertThat(refusal(() -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(fx("EUR", "XXY", "0.85")).build())))
            .isEqualTo("INVALID_ARGUMENT: events[0].fx_rate.quote_currency: unknown currency \"XXY\"");
        assertThat(refusal(() -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(MarketEvent.newBuilder().setDemand(DemandEvent.newBuilder().setSku("MILK-1L").setUnits(0))).build())))
            .isEqualTo("INVALID_ARGUMENT: events[0].demand.units: must be in [1, 1000000000]");
        final MarketDataBatch.Builder tooMany = MarketDataBatch.newBuilder().setTenantId(TENANT);
        for (int i = 0; i < 65; i++)
        {
            tooMany.addEvents(gbp);
        }
        assertThat(refusal(() -> pricing.publishMarketData(tooMany.build())))
            .isEqualTo("INVALID_ARGUMENT: events: a batch holds 1 to 64 events, had 65");
    }

    public static MarketEvent fx(final String base, final String quote, final String mid)
    {
        return MarketEvent.newBuilder()
            .setFxRate(FxRateEvent.newBuilder().setBaseCurrency(base).setQuoteCurrency(quote).setMidRate(mid))
            .build();
    }

    private static String refusal(final Runnable call)
    {
        try
        {
            call.run();
        }
        catch (final StatusRuntimeException ex)
        {
            return ex.getStatus().getCode() + ": " + ex.getStatus().getDescription();
        }
        throw new AssertionError("expected the call to be refused");
    }
}
