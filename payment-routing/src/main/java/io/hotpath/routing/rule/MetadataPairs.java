package io.hotpath.routing.rule;

/**
 * A payment's tenant metadata as at most {@link #MAX} pairs of 64-bit key and value hashes, in a
 * fixed array: what a request carries, what a command encodes and what rules test.
 *
 * <p>Not thread-safe; reused for every payment.
 */
public final class MetadataPairs
{
    /** Most pairs a payment carries. */
    public static final int MAX = 16;

    private final long[] keys = new long[MAX];
    private final long[] values = new long[MAX];
    private int count;

    public void clear()
    {
        count = 0;
    }

    /**
     * @return false, adding nothing, if {@link #MAX} pairs are held already.
     */
    public boolean add(final long keyHash, final long valueHash)
    {
        if (count == MAX)
        {
            return false;
        }
        keys[count] = keyHash;
        values[count++] = valueHash;
        return true;
    }

    public int count()
    {
        return count;
    }

    public long key(final int i)
    {
        return keys[i];
    }

    public long value(final int i)
    {
        return values[i];
    }

    /**
     * @return the value hash of {@code keyHash}, or 0 if absent.
     */
    public long valueOf(final long keyHash)
    {
        for (int i = 0; i < count; i++)
        {
            if (keys[i] == keyHash)
            {
                return values[i];
            }
        }
        return 0;
    }
}
