package io.hotpath.pricing;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.MarketDataAppliedEncoder;
import io.hotpath.core.sbe.MarketEventKind;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.pricing.book.DemandSettings;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.PricingConfigParser;
import io.hotpath.pricing.book.Sku;
import io.hotpath.pricing.state.FxRates;
import io.hotpath.pricing.state.SkuSignals;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code PublishMarketData}: a batch of demand, inventory, competitor-price and FX-rate events,
 * validated whole before any is applied, so a batch with one bad event changes nothing. Then each
 * event updates the market signals (the SKU's max-change anchor first), and the streamed prices
 * the batch may have moved are recomputed.
 *
 * <pre>
 *   DEMAND            sku, value = units demanded (1 .. 10^9)
 *   INVENTORY         sku, value = units in stock (0 .. 10^12)
 *   COMPETITOR_PRICE  sku, source = competitor, currency (one the tenant quotes in), value = price in minor units
 *   FX_RATE           currency -&gt; quoteCurrency, one of them the book currency, value = mid rate in billionths
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing, except the text of an
 * error that names an event by its index.
 */
final class MarketFeed
{
    /** Most events in one batch: a batch travels in one ring slot. */
    public static final int MAX_EVENTS = 64;

    private static final long DEFAULT_HALF_LIFE = 3_600_000_000_000L;
    private static final long MAX_UNITS = 1_000_000_000L;
    private static final long MAX_STOCK = 1_000_000_000_000L;
    private static final String BAD_PRICE = "price: must be in [1, " + PricingConfigParser.MAX_PRICE + "]";

    private final PricingState state;
    private final PriceStreams streams;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PublishMarketDataDecoder batch = new PublishMarketDataDecoder();
    private final MarketDataAppliedEncoder applied = new MarketDataAppliedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final PriceBreakdown scratch = new PriceBreakdown();
    private final Fnv1a64 moves = new Fnv1a64();
    private final long[] touchedSkus = new long[MAX_EVENTS];
    private final int[] touchedCurrencies = new int[MAX_EVENTS];
    private int skuCount;
    private int currencyCount;

    MarketFeed(final PricingState state, final PriceStreams streams)
    {
        this.state = state;
        this.streams = streams;
    }

    int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        batch.wrapAndApplyHeader(command, 0, header);
        final long tenantId = batch.meta().tenantId();
        final long now = batch.meta().ingressTime();
        final PriceBook book = state.books.get(tenantId);
        if (book == null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, QuoteDesk.NO_BOOK, result);
        }
        final int limit = batch.limit();
        final String invalid = validate(book);
        if (invalid != null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, invalid, result);
        }

        batch.limit(limit);
        skuCount = 0;
        currencyCount = 0;
        final PublishMarketDataDecoder.EventsDecoder events = batch.events();
        final int count = events.count();
        while (events.hasNext())
        {
            events.next();
            apply(book, tenantId, events, now);
        }

        moves.reset();
        int moved = 0;
        for (int i = 0; i < skuCount; i++)
        {
            moved += streams.recomputeSku(tenantId, touchedSkus[i], now, engineSequence, moves);
        }
        for (int i = 0; i < currencyCount; i++)
        {
            moved += streams.recomputeCurrency(tenantId, touchedCurrencies[i], now, engineSequence, moves);
        }

        applied.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, applied.meta());
        applied.events(count).pricesMoved(moved).moveHash(moves.hash());
        return MessageHeaderEncoder.ENCODED_LENGTH + applied.encodedLength();
    }

    private void apply(final PriceBook book, final long tenantId, final PublishMarketDataDecoder.EventsDecoder event, final long now)
    {
        final MarketEventKind kind = event.kind();
        if (kind == MarketEventKind.FX_RATE)
        {
            state.rates.put(tenantId, event.currency(), event.quoteCurrency(), event.value(), now);
            touchCurrency(event.currency() == book.bookCurrency().code() ? event.quoteCurrency() : event.currency());
            return;
        }
        final long skuKey = event.skuKey();
        final Sku sku = book.sku(book.skuIndex(skuKey));
        final SkuSignals signals = state.signals;
        final int slot = signals.acquire(tenantId, skuKey);
        state.pricer.refreshAnchor(book, tenantId, sku, slot, now, scratch);
        if (kind == MarketEventKind.DEMAND)
        {
            // Demand is kept even while the book does not price by it, so a book that starts to finds history.
            final DemandSettings demand = book.demand();
            signals.addDemand(slot, event.value(), now, demand == null ? DEFAULT_HALF_LIFE : demand.halfLife());
        }
        else if (kind == MarketEventKind.INVENTORY)
        {
            signals.stock(slot, event.value());
        }
        else
        {
            signals.competitorPrice(slot, event.sourceKey(), event.value(), event.currency(), now);
        }
        touchSku(skuKey);
    }

    /**
     * @return why the batch cannot be applied, naming the event, or null; reads the whole batch.
     */
    private String validate(final PriceBook book)
    {
        final PublishMarketDataDecoder.EventsDecoder events = batch.events();
        final int count = events.count();
        if (count == 0 || count > MAX_EVENTS)
        {
            return "events: a batch holds 1 to " + MAX_EVENTS + " events, had " + count;
        }
        for (int i = 0; i < count; i++)
        {
            events.next();
            final String problem = problem(book, events);
            if (problem != null)
            {
                return "events[" + i + "]." + fieldOf(events.kind()) + problem;
            }
        }
        return null;
    }

    private static String problem(final PriceBook book, final PublishMarketDataDecoder.EventsDecoder event)
    {
        final MarketEventKind kind = event.kind();
        final long value = event.value();
        if (kind == MarketEventKind.NULL_VAL)
        {
            return "kind: unknown";
        }
        if (kind == MarketEventKind.FX_RATE)
        {
            final int base = event.currency();
            final int quote = event.quoteCurrency();
            final int bookCode = book.bookCurrency().code();
            if (book.currency(base) == null || book.currency(quote) == null || base == quote || (base != bookCode && quote != bookCode))
            {
                return "quote_currency: a rate is between the book currency and another currency the tenant quotes in";
            }
            return value < FxRates.MIN_RATE || value > FxRates.MAX_RATE ? "mid_rate: must be between 0.000001 and 100000" : null;
        }
        if (book.skuIndex(event.skuKey()) < 0)
        {
            return "sku: not in the tenant's price book";
        }
        switch (kind)
        {
            case DEMAND:
                return value < 1 || value > MAX_UNITS ? "units: must be in [1, " + MAX_UNITS + "]" : null;
            case INVENTORY:
                return value < 0 || value > MAX_STOCK ? "available: must be in [0, " + MAX_STOCK + "]" : null;
            default:
                if (event.sourceKey() == 0)
                {
                    return "competitor: required";
                }
                if (book.currency(event.currency()) == null)
                {
                    return "currency: the tenant does not quote in this currency";
                }
                return value < 1 || value > PricingConfigParser.MAX_PRICE ? BAD_PRICE : null;
        }
    }

    /**
     * @return the event's field in the gRPC batch, so an error names the path a client wrote.
     */
    private static String fieldOf(final MarketEventKind kind)
    {
        switch (kind)
        {
            case DEMAND:
                return "demand.";
            case INVENTORY:
                return "inventory.";
            case COMPETITOR_PRICE:
                return "competitor_price.";
            case FX_RATE:
                return "fx_rate.";
            default:
                return "";
        }
    }

    private void touchSku(final long skuKey)
    {
        for (int i = 0; i < skuCount; i++)
        {
            if (touchedSkus[i] == skuKey)
            {
                return;
            }
        }
        touchedSkus[skuCount++] = skuKey;
    }

    private void touchCurrency(final int currency)
    {
        for (int i = 0; i < currencyCount; i++)
        {
            if (touchedCurrencies[i] == currency)
            {
                return;
            }
        }
        touchedCurrencies[currencyCount++] = currency;
    }
}
