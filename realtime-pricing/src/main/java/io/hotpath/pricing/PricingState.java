package io.hotpath.pricing;

import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.state.FxRates;
import io.hotpath.pricing.state.PriceWatches;
import io.hotpath.pricing.state.QuoteBook;
import io.hotpath.pricing.state.SkuSignals;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Everything pricing remembers in one shard, and the pricer that reads it.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
final class PricingState
{
    final PricingLimits limits;
    final Long2ObjectHashMap<PriceBook> books = new Long2ObjectHashMap<>();
    final SkuSignals signals;
    final FxRates rates;
    final QuoteBook quotes;
    final PriceWatches watches;
    final Pricer pricer;

    PricingState(final PricingLimits limits)
    {
        this.limits = limits;
        signals = new SkuSignals(limits.maxSkuSignals());
        rates = new FxRates(limits.maxFxRates());
        quotes = new QuoteBook(limits.maxQuotes());
        watches = new PriceWatches(limits.maxWatches());
        pricer = new Pricer(signals, rates);
    }
}
