package io.hotpath.pricing.book;

/**
 * A price by customer segment and sales channel: the first entry of the book's price list whose
 * SKUs and audience match a quote sets its price.
 *
 * <p>A fixed price is a contract price: it replaces the base price and the market signals do not
 * move it. An adjustment applies to the market price.
 *
 * @param name       named in the breakdown.
 * @param skus       the SKUs it prices.
 * @param audience   the segments and channels it is for.
 * @param adjustment a fixed price or a multiplier.
 */
public record PriceListEntry(String name, SkuSet skus, Audience audience, PriceAdjustment adjustment)
{
}
