package io.hotpath.pricing.book;

/**
 * The SKUs a rule applies to, as a bit set over the book's SKU indexes, so that the hot path tests
 * membership in constant time. Immutable once built.
 */
public final class SkuSet
{
    private final long[] bits;
    private final boolean all;

    private SkuSet(final long[] bits, final boolean all)
    {
        this.bits = bits;
        this.all = all;
    }

    /**
     * @return the set of every SKU.
     */
    public static SkuSet all()
    {
        return new SkuSet(new long[0], true);
    }

    /**
     * @return the SKUs at {@code indexes}.
     */
    public static SkuSet of(final int skuCount, final int[] indexes)
    {
        final long[] bits = new long[(skuCount + 63) >>> 6];
        for (final int index : indexes)
        {
            bits[index >>> 6] |= 1L << index;
        }
        return new SkuSet(bits, false);
    }

    public boolean contains(final int index)
    {
        return all || (bits[index >>> 6] & 1L << index) != 0;
    }
}
