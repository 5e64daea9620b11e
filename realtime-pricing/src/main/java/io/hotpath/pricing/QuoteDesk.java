package io.hotpath.pricing;

import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PriceQuoteEncoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.QuoteStatus;
import io.hotpath.core.sbe.QuoteValidatedEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ValidateQuoteDecoder;
import io.hotpath.core.state.Mix;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.SoldCurrency;
import io.hotpath.pricing.state.QuoteBook;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code Quote} and {@code ValidateQuote}: prices a SKU with its breakdown and holds the price as
 * a quote until it expires; later honours the quote at exactly that price, judged on command time.
 *
 * <p>A quote id is a bijective mix of the shard's engine sequence, so ids never repeat within a
 * shard and a replay gives the same ids. A quote belongs to its tenant: another tenant presenting
 * it is told it is unknown.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
final class QuoteDesk
{
    static final String NO_BOOK = "tenant_id: no pricing config for this tenant";
    static final String UNKNOWN_SKU = "sku: not in the tenant's price book";
    static final String BAD_QUANTITY = "quantity: must be in [1, " + Pricer.MAX_QUANTITY + "]";
    static final String NOT_SOLD = "currency: the tenant does not quote in this currency";
    static final String UNKNOWN_SEGMENT = "segment: not a segment of the tenant's price book";
    static final String UNKNOWN_CHANNEL = "channel: not a channel of the tenant's price book";
    private static final String FULL = "quotes: the shard holds as many live quotes as it can; retry when some expire";
    private static final String SKU = "sku";
    private static final String QUANTITY = "quantity";
    private static final String CURRENCY = "currency";
    private static final String NONE = "";

    private final PricingState state;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final QuoteDecoder quote = new QuoteDecoder();
    private final ValidateQuoteDecoder validate = new ValidateQuoteDecoder();
    private final PriceQuoteEncoder priced = new PriceQuoteEncoder();
    private final QuoteValidatedEncoder validated = new QuoteValidatedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final PriceBreakdown breakdown = new PriceBreakdown();

    QuoteDesk(final PricingState state)
    {
        this.state = state;
    }

    int quote(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        quote.wrapAndApplyHeader(command, 0, header);
        final long tenantId = quote.meta().tenantId();
        final long now = quote.meta().ingressTime();
        final long quantity = quote.quantity();
        final PriceBook book = state.books.get(tenantId);
        final String invalid = invalid(book, quote.skuKey(), quantity, quote.currency(), quote.segmentKey(), quote.channelKey());
        if (invalid != null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, invalid, result);
        }
        final SoldCurrency currency = book.currency(quote.currency());
        if (!state.pricer.price(book, tenantId, book.skuIndex(quote.skuKey()), quantity, currency, quote.segmentKey(), quote.channelKey(),
            now, breakdown))
        {
            return resultWriter.failed(command, length, engineSequence, breakdown.failureCode(), breakdown.failure(), result);
        }
        final long quoteId = Mix.finalise(engineSequence);
        final long expiresAt = now + book.quoteTtl();
        if (!state.quotes.add(quoteId, tenantId, quote.skuKey(), quantity, currency.code(), breakdown.unitPrice(),
            breakdown.totalPrice(), expiresAt, now))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, FULL, result);
        }

        priced.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, priced.meta());
        priced.quoteId(quoteId)
            .skuKey(quote.skuKey())
            .quantity(quantity)
            .currency(currency.code())
            .unitPrice(breakdown.unitPrice())
            .totalPrice(breakdown.totalPrice())
            .expiresAt(expiresAt)
            .configVersion(book.version());
        final PriceQuoteEncoder.LinesEncoder lines = priced.linesCount(breakdown.lineCount());
        for (int i = 0; i < breakdown.lineCount(); i++)
        {
            lines.next()
                .kind(breakdown.kind(i))
                .currency(breakdown.currency(i))
                .unitPrice(breakdown.price(i))
                .factorPpm(breakdown.factorPpm(i))
                .name((CharSequence)breakdown.name(i));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + priced.encodedLength();
    }

    int validate(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        validate.wrapAndApplyHeader(command, 0, header);
        final long tenantId = validate.meta().tenantId();
        final long now = validate.meta().ingressTime();
        final long quoteId = validate.quoteId();
        final QuoteBook quotes = state.quotes;
        final int slot = quotes.find(quoteId);

        QuoteStatus status = QuoteStatus.HONOURED;
        String mismatch = NONE;
        if (slot < 0 || quotes.tenantId(slot) != tenantId)
        {
            status = QuoteStatus.UNKNOWN_QUOTE;
        }
        else if (quotes.used(slot))
        {
            status = QuoteStatus.ALREADY_USED;
        }
        else if (now >= quotes.expiresAt(slot))
        {
            status = QuoteStatus.EXPIRED;
        }
        else if (quotes.skuKey(slot) != validate.skuKey())
        {
            status = QuoteStatus.MISMATCH;
            mismatch = SKU;
        }
        else if (quotes.quantity(slot) != validate.quantity())
        {
            status = QuoteStatus.MISMATCH;
            mismatch = QUANTITY;
        }
        else if (quotes.currency(slot) != validate.currency())
        {
            status = QuoteStatus.MISMATCH;
            mismatch = CURRENCY;
        }
        else if (validate.consume() == 1)
        {
            quotes.markUsed(slot);
        }

        final boolean known = status != QuoteStatus.UNKNOWN_QUOTE;
        final boolean honoured = status == QuoteStatus.HONOURED;
        validated.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, validated.meta());
        validated.quoteId(quoteId)
            .status(status)
            .currency(known ? quotes.currency(slot) : 0)
            .quantity(known ? quotes.quantity(slot) : 0)
            .unitPrice(honoured ? quotes.unitPrice(slot) : 0)
            .totalPrice(honoured ? quotes.totalPrice(slot) : 0)
            .expiresAt(known ? quotes.expiresAt(slot) : 0)
            .mismatch((CharSequence)mismatch);
        return MessageHeaderEncoder.ENCODED_LENGTH + validated.encodedLength();
    }

    /**
     * @return why a price cannot be asked for with these fields, or null.
     */
    static String invalid(final PriceBook book, final long skuKey, final long quantity, final int currency, final long segmentKey,
        final long channelKey)
    {
        if (book == null)
        {
            return NO_BOOK;
        }
        if (book.skuIndex(skuKey) < 0)
        {
            return UNKNOWN_SKU;
        }
        if (quantity < 1 || quantity > Pricer.MAX_QUANTITY)
        {
            return BAD_QUANTITY;
        }
        if (book.currency(currency) == null)
        {
            return NOT_SOLD;
        }
        if (!book.knowsSegment(segmentKey))
        {
            return UNKNOWN_SEGMENT;
        }
        if (!book.knowsChannel(channelKey))
        {
            return UNKNOWN_CHANNEL;
        }
        return null;
    }
}
