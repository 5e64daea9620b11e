package io.hotpath.pricing.book;

/**
 * Maps the stock level of a SKU to a multiplier: straight lines between the points, flat beyond
 * the first and the last. Interpolation is in integers, rounded half up.
 *
 * @param stock      stock levels, ascending.
 * @param factorPpm  the multiplier at each level, parts per million.
 * @param unknownPpm the multiplier of a SKU whose stock level has not arrived.
 */
public record ScarcityCurve(long[] stock, long[] factorPpm, long unknownPpm)
{
    public long factorAt(final long level)
    {
        if (level <= stock[0])
        {
            return factorPpm[0];
        }
        for (int i = 1; i < stock.length; i++)
        {
            if (level <= stock[i])
            {
                final long span = stock[i] - stock[i - 1];
                final long rise = factorPpm[i] - factorPpm[i - 1];
                final long along = level - stock[i - 1];
                // rise x along / span, rounded half up away from zero; |rise| <= 10^7 and along <= span <= 10^9, so no overflow.
                final long scaled = rise * along;
                final long step = (Math.abs(scaled) + span / 2) / span;
                return factorPpm[i - 1] + (scaled < 0 ? -step : step);
            }
        }
        return factorPpm[factorPpm.length - 1];
    }
}
