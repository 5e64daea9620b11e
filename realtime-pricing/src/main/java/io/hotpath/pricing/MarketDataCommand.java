package io.hotpath.pricing;

import io.hotpath.core.sbe.MarketEventKind;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PublishMarketDataEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code PublishMarketData} batch of up to {@link #MAX_EVENTS} events: clear it, add
 * events, publish it.
 *
 * <p>Not thread-safe; one per publishing thread. Allocates nothing.
 */
public final class MarketDataCommand extends StampedCommand
{
    /** Most events in one batch. */
    public static final int MAX_EVENTS = MarketFeed.MAX_EVENTS;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PublishMarketDataEncoder encoder = new PublishMarketDataEncoder();
    private final MarketEventKind[] kinds = new MarketEventKind[MAX_EVENTS];
    private final long[] skuKeys = new long[MAX_EVENTS];
    private final long[] sourceKeys = new long[MAX_EVENTS];
    private final int[] currencies = new int[MAX_EVENTS];
    private final int[] quoteCurrencies = new int[MAX_EVENTS];
    private final long[] values = new long[MAX_EVENTS];
    private int count;

    public MarketDataCommand clear()
    {
        count = 0;
        return this;
    }

    public int count()
    {
        return count;
    }

    /**
     * @return false if the batch is full.
     */
    public boolean demand(final long skuKey, final long units)
    {
        return add(MarketEventKind.DEMAND, skuKey, 0, 0, 0, units);
    }

    public boolean inventory(final long skuKey, final long available)
    {
        return add(MarketEventKind.INVENTORY, skuKey, 0, 0, 0, available);
    }

    public boolean competitorPrice(final long skuKey, final long competitorKey, final long price, final int currency)
    {
        return add(MarketEventKind.COMPETITOR_PRICE, skuKey, competitorKey, currency, 0, price);
    }

    /**
     * @param midRate units of {@code quote} per unit of {@code base}, in billionths.
     */
    public boolean fxRate(final int base, final int quote, final long midRate)
    {
        return add(MarketEventKind.FX_RATE, 0, 0, base, quote, midRate);
    }

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        final PublishMarketDataEncoder.EventsEncoder events = encoder.eventsCount(count);
        for (int i = 0; i < count; i++)
        {
            events.next()
                .kind(kinds[i])
                .skuKey(skuKeys[i])
                .sourceKey(sourceKeys[i])
                .currency(currencies[i])
                .quoteCurrency(quoteCurrencies[i])
                .value(values[i]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private boolean add(final MarketEventKind kind, final long skuKey, final long sourceKey, final int currency, final int quote,
        final long value)
    {
        if (count == MAX_EVENTS)
        {
            return false;
        }
        kinds[count] = kind;
        skuKeys[count] = skuKey;
        sourceKeys[count] = sourceKey;
        currencies[count] = currency;
        quoteCurrencies[count] = quote;
        values[count] = value;
        count++;
        return true;
    }
}
