package io.hotpath.pricing.book;

/**
 * How a price list entry or a quantity tier sets a price: a fixed price, or a multiplier applied
 * to the price so far.
 *
 * @param fixedPrice    the price in minor units of the book currency, or 0 when the entry adjusts.
 * @param multiplierPpm the multiplier in parts per million ({@code -12%} is 880,000), when the entry adjusts.
 */
public record PriceAdjustment(long fixedPrice, long multiplierPpm)
{
    public boolean fixed()
    {
        return fixedPrice > 0;
    }
}
