package io.hotpath.pricing;

import io.hotpath.core.shard.ShardOutbox;

/**
 * How much pricing state one shard holds, preallocated. Market signals and FX rates past their
 * limit push out the entry taken longest ago (counted); quotes, watched prices and subscriptions
 * past theirs are refused (counted), because each is a promise to a client.
 *
 * @param maxSkuSignals          (tenant, SKU) pairs with market signals.
 * @param maxFxRates             (tenant, currency pair) rates.
 * @param maxQuotes              quotes held for validation: at least the quote rate times the longest
 *                               quote time-to-live, or new quotes are refused until old ones expire.
 * @param maxWatches             distinct streamed prices: (tenant, SKU, currency, segment, channel).
 * @param maxSkusPerSubscription SKUs one subscription may follow.
 */
public record PricingLimits(int maxSkuSignals, int maxFxRates, int maxQuotes, int maxWatches, int maxSkusPerSubscription)
{
    public static final PricingLimits DEFAULTS = new PricingLimits(65_536, 4_096, 262_144, 16_384, 1_000);

    /** Largest message a pricing command stages in the outbox. */
    static final int MAX_OUTBOX_MESSAGE = 64;

    public PricingLimits
    {
        if (maxSkuSignals < 1 || maxFxRates < 1 || maxQuotes < 1 || maxWatches < 1 || maxSkusPerSubscription < 1)
        {
            throw new IllegalArgumentException("pricing limits must be >= 1");
        }
    }

    /**
     * @return the outbox capacity a shard needs: room for all a single command can stage (every
     *         watched price moving, or a whole subscription's first prices) twice over.
     */
    public int outboxCapacity()
    {
        return ShardOutbox.minimumCapacity(Math.max(maxWatches, maxSkusPerSubscription) + 1, MAX_OUTBOX_MESSAGE);
    }
}
