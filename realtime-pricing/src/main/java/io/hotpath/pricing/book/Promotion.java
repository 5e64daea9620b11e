package io.hotpath.pricing.book;

/**
 * A discount valid from {@code from} (inclusive) to {@code to} (exclusive), judged on command time.
 *
 * @param name        named in the breakdown.
 * @param skus        the SKUs it discounts.
 * @param audience    who it is for.
 * @param from        epoch nanoseconds.
 * @param to          epoch nanoseconds.
 * @param percentPpm  share off in parts per million, or 0 when the promotion takes an amount off.
 * @param amountOff   minor units of the book currency off each unit, or 0.
 * @param minQuantity least quantity it needs.
 */
public record Promotion(String name, SkuSet skus, Audience audience, long from, long to, long percentPpm, long amountOff,
    long minQuantity)
{
    public boolean appliesTo(final int skuIndex, final long quantity, final long segmentKey, final long channelKey, final long now)
    {
        return now >= from && now < to && quantity >= minQuantity && skus.contains(skuIndex) && audience.includes(segmentKey, channelKey);
    }
}
