package io.hotpath.tools.whatif;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distribution of quoted unit price changes, as percentages of the price before (currencies
 * differ, percentages compare), with totals per currency and per SKU.
 *
 * <p>Not thread-safe.
 */
final class PriceDeltas
{
    /** Totals of one currency or one SKU. */
    static final class Totals
    {
        long quotes;
        long changed;
        long before;
        long after;
        double percentSum;
    }

    private double[] percents = new double[1024];
    private int count;
    private long up;
    private long down;
    private boolean sorted;
    private final Map<String, Totals> byCurrency = new TreeMap<>();
    private final Map<String, Totals> bySku = new HashMap<>();

    /**
     * @param before unit price as journaled, minor units.
     * @param after  as replayed.
     * @param total  quantity times the unit prices: {before, after}.
     */
    void add(final String currency, final String sku, final long before, final long after, final long totalBefore, final long totalAfter)
    {
        final double percent = before == 0 ? 0 : 100.0 * (after - before) / before;
        if (count == percents.length)
        {
            percents = Arrays.copyOf(percents, count * 2);
        }
        percents[count++] = percent;
        sorted = false;
        if (after > before)
        {
            up++;
        }
        else if (after < before)
        {
            down++;
        }
        tally(byCurrency.computeIfAbsent(currency, key -> new Totals()), totalBefore, totalAfter, percent);
        tally(bySku.computeIfAbsent(sku, key -> new Totals()), before, after, percent);
    }

    private static void tally(final Totals totals, final long before, final long after, final double percent)
    {
        totals.quotes++;
        totals.changed += before != after ? 1 : 0;
        totals.before += before;
        totals.after += after;
        totals.percentSum += percent;
    }

    int count()
    {
        return count;
    }

    long up()
    {
        return up;
    }

    long down()
    {
        return down;
    }

    long unchanged()
    {
        return count - up - down;
    }

    /**
     * @param percentile 0 to 100.
     * @return the change at that percentile, in percent, by the nearest rank.
     */
    double percentile(final double percentile)
    {
        if (count == 0)
        {
            return 0;
        }
        sort();
        final int rank = (int)Math.ceil(percentile / 100.0 * count);
        return percents[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /**
     * @return how many changes fall in each bucket of {@code edges}: bucket i holds
     *         {@code edges[i-1] <= change < edges[i]}, the first everything below {@code edges[0]},
     *         the last everything from the last edge up.
     */
    long[] histogram(final double[] edges)
    {
        final long[] buckets = new long[edges.length + 1];
        for (int i = 0; i < count; i++)
        {
            int bucket = Arrays.binarySearch(edges, percents[i]);
            bucket = bucket >= 0 ? bucket + 1 : -bucket - 1;
            buckets[bucket]++;
        }
        return buckets;
    }

    /**
     * @return quoted totals per currency, before and after, minor units.
     */
    Map<String, Totals> byCurrency()
    {
        return byCurrency;
    }

    /**
     * @return unit price totals per SKU.
     */
    Map<String, Totals> bySku()
    {
        return bySku;
    }

    private void sort()
    {
        if (!sorted)
        {
            Arrays.sort(percents, 0, count);
            sorted = true;
        }
    }
}
