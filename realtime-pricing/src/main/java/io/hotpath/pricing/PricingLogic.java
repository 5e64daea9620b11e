package io.hotpath.pricing;

import io.hotpath.core.config.ConfigProblem;
import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.logic.EvictionCounts;
import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.logic.Outbox;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.SubscribePricesDecoder;
import io.hotpath.core.sbe.UnsubscribePricesDecoder;
import io.hotpath.core.sbe.ValidateQuoteDecoder;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.PricingConfigParser;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Real-time pricing for one shard: quotes and their validation, market data, price streams, and
 * the tenants' pricing configs, which arrive as {@code ApplyConfig} commands of the
 * {@code PRICING} domain and are swapped in whole. Ticks recompute the streamed prices, so a
 * promotion that starts or a demand signal that fades reaches subscribers without a market event.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Quotes, validations and market data
 * allocate nothing; configs and subscriptions (control commands) do.
 */
public final class PricingLogic implements DomainLogic
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PricingState state;
    private final QuoteDesk quotes;
    private final PriceStreams streams;
    private final MarketFeed market;

    /**
     * @param limits how much state the shard holds.
     * @param outbox where price stream messages are staged; {@link Outbox#DISCARD} when no one listens.
     */
    public PricingLogic(final PricingLimits limits, final Outbox outbox)
    {
        state = new PricingState(limits);
        quotes = new QuoteDesk(state);
        streams = new PriceStreams(state, outbox);
        market = new MarketFeed(state, streams);
    }

    @Override
    public ConfigDomain configDomain()
    {
        return ConfigDomain.PRICING;
    }

    @Override
    public int[] templateIds()
    {
        return new int[] {
            QuoteDecoder.TEMPLATE_ID, ValidateQuoteDecoder.TEMPLATE_ID, PublishMarketDataDecoder.TEMPLATE_ID,
            SubscribePricesDecoder.TEMPLATE_ID, UnsubscribePricesDecoder.TEMPLATE_ID};
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        switch (header.wrap(command, 0).templateId())
        {
            case QuoteDecoder.TEMPLATE_ID:
                return quotes.quote(command, length, engineSequence, result);
            case ValidateQuoteDecoder.TEMPLATE_ID:
                return quotes.validate(command, length, engineSequence, result);
            case PublishMarketDataDecoder.TEMPLATE_ID:
                return market.apply(command, length, engineSequence, result);
            case SubscribePricesDecoder.TEMPLATE_ID:
                return streams.subscribe(command, length, engineSequence, result);
            default:
                return streams.unsubscribe(command, length, engineSequence, result);
        }
    }

    @Override
    public String applyConfig(
        final long tenantId, final long version, final DirectBuffer config, final int offset, final int length, final String origin)
    {
        try
        {
            final PriceBook book = PricingConfigParser.parse(config.getStringWithoutLengthUtf8(offset, length), origin, version);
            state.books.put(tenantId, book);
            return null;
        }
        catch (final ConfigProblem ex)
        {
            return ex.getMessage();
        }
    }

    @Override
    public int onTick(final long now, final long engineSequence, final Fnv1a64 changes)
    {
        return streams.recomputeAll(now, engineSequence, changes);
    }

    /**
     * A restarted shard ends every price stream: their clients were connected to the process before
     * and will subscribe again.
     */
    @Override
    public int onRecovered(final long now, final long engineSequence)
    {
        return state.watches.removeAll();
    }

    @Override
    public void hashState(final Fnv1a64 hasher)
    {
        state.signals.hashInto(hasher);
        state.rates.hashInto(hasher);
        state.quotes.hashInto(hasher);
        state.watches.hashInto(hasher);
    }

    @Override
    public long stateBytesHint()
    {
        return state.quotes.encodedBytes();
    }

    @Override
    public void writeState(final StateWriter out)
    {
        state.signals.writeState(out);
        state.rates.writeState(out);
        state.quotes.writeState(out);
        state.watches.writeState(out);
    }

    @Override
    public void countEvictions(final EvictionCounts counts)
    {
        counts.evicted(EvictingTable.SKU_SIGNALS, state.signals.evictions(), state.signals.capacity());
    }

    @Override
    public void readState(final StateReader in)
    {
        state.signals.readState(in);
        state.rates.readState(in);
        state.quotes.readState(in);
        state.watches.readState(in);
    }

    /**
     * @return the tenant's price book, or null.
     */
    public PriceBook book(final long tenantId)
    {
        return state.books.get(tenantId);
    }

    /**
     * @return new quotes refused because the shard held its limit of live ones.
     */
    public long quotesRefused()
    {
        return state.quotes.refused();
    }
}
