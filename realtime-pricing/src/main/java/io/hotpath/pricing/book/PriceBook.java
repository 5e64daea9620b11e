package io.hotpath.pricing.book;

import java.math.RoundingMode;
import org.agrona.collections.Long2LongHashMap;

/**
 * A tenant's pricing config: its SKUs, price list, tiers, promotions, market signals, guardrails,
 * currencies and stream settings. Immutable once parsed; a new version replaces it whole.
 *
 * <p>Read by the shard's logic thread. Lookups allocate nothing.
 */
public final class PriceBook
{
    private static final int ISO_CODES = 1000;

    private final long version;
    private final SoldCurrency bookCurrency;
    private final SoldCurrency[] byCode = new SoldCurrency[ISO_CODES];
    private final Sku[] skus;
    private final Long2LongHashMap skuIndex;
    private final long[] segments;
    private final long[] channels;
    private final PriceListEntry[] priceList;
    private final TierTable[] tiers;
    private final Promotion[] promotions;
    private final Stacking stacking;
    private final DemandSettings demand;
    private final ScarcityCurve scarcity;
    private final CompetitorPolicy competitors;
    private final Guardrails guardrails;
    private final RoundingMode fxRounding;
    private final long fxMaxAge;
    private final EndingDirection endingDirection;
    private final long endingMaxMovePpm;
    private final long quoteTtl;
    private final long streamThresholdPpm;
    private final int maxSubscriptions;

    PriceBook(final Builder builder)
    {
        version = builder.version;
        bookCurrency = builder.bookCurrency;
        for (final SoldCurrency currency : builder.currencies)
        {
            byCode[currency.code()] = currency;
        }
        skus = builder.skus.clone();
        skuIndex = new Long2LongHashMap(Math.max(16, skus.length * 2), 0.65f, -1);
        for (final Sku sku : skus)
        {
            skuIndex.put(sku.key(), sku.index());
        }
        segments = builder.segments.clone();
        channels = builder.channels.clone();
        priceList = builder.priceList.clone();
        tiers = builder.tiers.clone();
        promotions = builder.promotions.clone();
        stacking = builder.stacking;
        demand = builder.demand;
        scarcity = builder.scarcity;
        competitors = builder.competitors;
        guardrails = builder.guardrails;
        fxRounding = builder.fxRounding;
        fxMaxAge = builder.fxMaxAge;
        endingDirection = builder.endingDirection;
        endingMaxMovePpm = builder.endingMaxMovePpm;
        quoteTtl = builder.quoteTtl;
        streamThresholdPpm = builder.streamThresholdPpm;
        maxSubscriptions = builder.maxSubscriptions;
    }

    public long version()
    {
        return version;
    }

    /**
     * @return the currency of base prices, costs, floors, ceilings and promotion amounts.
     */
    public SoldCurrency bookCurrency()
    {
        return bookCurrency;
    }

    /**
     * @return the terms of currency {@code code} (ISO numeric), or null if the tenant does not quote in it.
     */
    public SoldCurrency currency(final int code)
    {
        return code > 0 && code < ISO_CODES ? byCode[code] : null;
    }

    /**
     * @return the index of the SKU with text key {@code key}, or -1.
     */
    public int skuIndex(final long key)
    {
        return (int)skuIndex.get(key);
    }

    public Sku sku(final int index)
    {
        return skus[index];
    }

    public int skuCount()
    {
        return skus.length;
    }

    /**
     * @return true if {@code segmentKey} is none (0) or a segment the book declares.
     */
    public boolean knowsSegment(final long segmentKey)
    {
        return segmentKey == 0 || contains(segments, segmentKey);
    }

    /**
     * @return true if {@code channelKey} is none (0) or a channel the book declares.
     */
    public boolean knowsChannel(final long channelKey)
    {
        return channelKey == 0 || contains(channels, channelKey);
    }

    /**
     * @return the first price list entry for this SKU and audience, or null.
     */
    public PriceListEntry priceFor(final int skuIndex, final long segmentKey, final long channelKey)
    {
        for (final PriceListEntry entry : priceList)
        {
            if (entry.skus().contains(skuIndex) && entry.audience().includes(segmentKey, channelKey))
            {
                return entry;
            }
        }
        return null;
    }

    /**
     * @return the first tier table for this SKU and audience, or null.
     */
    public TierTable tiersFor(final int skuIndex, final long segmentKey, final long channelKey)
    {
        for (final TierTable table : tiers)
        {
            if (table.skus().contains(skuIndex) && table.audience().includes(segmentKey, channelKey))
            {
                return table;
            }
        }
        return null;
    }

    public int promotionCount()
    {
        return promotions.length;
    }

    public Promotion promotion(final int index)
    {
        return promotions[index];
    }

    public Stacking stacking()
    {
        return stacking;
    }

    /**
     * @return the demand settings, or null when demand does not move prices.
     */
    public DemandSettings demand()
    {
        return demand;
    }

    /**
     * @return the scarcity curve, or null when stock levels do not move prices.
     */
    public ScarcityCurve scarcity()
    {
        return scarcity;
    }

    public CompetitorPolicy competitors()
    {
        return competitors;
    }

    public Guardrails guardrails()
    {
        return guardrails;
    }

    public RoundingMode fxRounding()
    {
        return fxRounding;
    }

    /**
     * @return nanoseconds after which an FX rate no longer prices; 0 for no limit.
     */
    public long fxMaxAge()
    {
        return fxMaxAge;
    }

    public EndingDirection endingDirection()
    {
        return endingDirection;
    }

    /**
     * @return the largest move, parts per million of the price, an ending may make; a price whose
     *         nearest allowed ending is further keeps its digits.
     */
    public long endingMaxMovePpm()
    {
        return endingMaxMovePpm;
    }

    /**
     * @return nanoseconds a quote is honoured for.
     */
    public long quoteTtl()
    {
        return quoteTtl;
    }

    /**
     * @return how far a streamed price must move, parts per million of the last price sent, to be sent again.
     */
    public long streamThresholdPpm()
    {
        return streamThresholdPpm;
    }

    public int maxSubscriptions()
    {
        return maxSubscriptions;
    }

    private static boolean contains(final long[] keys, final long key)
    {
        for (final long candidate : keys)
        {
            if (candidate == key)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Collects a book's parts as the parser reads them.
     */
    static final class Builder
    {
        long version;
        SoldCurrency bookCurrency;
        SoldCurrency[] currencies;
        Sku[] skus;
        long[] segments;
        long[] channels;
        PriceListEntry[] priceList;
        TierTable[] tiers;
        Promotion[] promotions;
        Stacking stacking;
        DemandSettings demand;
        ScarcityCurve scarcity;
        CompetitorPolicy competitors;
        Guardrails guardrails;
        RoundingMode fxRounding;
        long fxMaxAge;
        EndingDirection endingDirection;
        long endingMaxMovePpm;
        long quoteTtl;
        long streamThresholdPpm;
        int maxSubscriptions;

        PriceBook build()
        {
            return new PriceBook(this);
        }
    }
}
