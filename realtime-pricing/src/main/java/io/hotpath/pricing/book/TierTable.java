package io.hotpath.pricing.book;

/**
 * Quantity tiers for some SKUs: the deepest tier the quantity reaches sets the unit price.
 *
 * @param name         the table's name; a tier's line in the breakdown is named {@code tierNames[i]}.
 * @param skus         the SKUs it applies to.
 * @param audience     who it applies to.
 * @param minQuantity  each tier's least quantity, ascending.
 * @param adjustments  each tier's price.
 * @param tierNames    each tier's name in the breakdown, such as {@code "volume 50+"}.
 */
public record TierTable(String name, SkuSet skus, Audience audience, long[] minQuantity, PriceAdjustment[] adjustments,
    String[] tierNames)
{
    /**
     * @return the deepest tier {@code quantity} reaches, or -1.
     */
    public int tierFor(final long quantity)
    {
        int tier = -1;
        for (int i = 0; i < minQuantity.length && minQuantity[i] <= quantity; i++)
        {
            tier = i;
        }
        return tier;
    }
}
