package io.hotpath.fraud.lists;

import java.util.Arrays;

/**
 * BINs and BIN ranges, each normalised to eight digits: {@code 411111} covers
 * 41111100 to 41111199, {@code 510000-519999} covers 51000000 to 51999999. A payment's BIN of six
 * to eight digits matches when every eight-digit BIN it could extend to lies in one range.
 *
 * <p>Built on the control path; {@link #contains} allocates nothing.
 */
public final class BinRanges
{
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private long[] from = new long[0];
    private long[] to = new long[0];

    /**
     * Adds {@code 411111} or {@code 510000-519999}, of 6 to 8 digits.
     *
     * @return false if {@code text} is neither.
     */
    public boolean add(final String text)
    {
        final int dash = text.indexOf('-');
        final String low = dash < 0 ? text : text.substring(0, dash);
        final String high = dash < 0 ? text : text.substring(dash + 1);
        if (!digits(low) || !digits(high) || low.length() != high.length() || Long.parseLong(low) > Long.parseLong(high))
        {
            return false;
        }
        final long scale = POWERS_OF_TEN[8 - low.length()];
        final int n = from.length;
        from = Arrays.copyOf(from, n + 1);
        to = Arrays.copyOf(to, n + 1);
        from[n] = Long.parseLong(low) * scale;
        to[n] = Long.parseLong(high) * scale + scale - 1;
        return true;
    }

    /**
     * @param bin    the payment's BIN.
     * @param length its digits, 6 to 8.
     */
    public boolean contains(final long bin, final int length)
    {
        final long scale = POWERS_OF_TEN[8 - length];
        final long low = bin * scale;
        final long high = low + scale - 1;
        for (int i = 0; i < from.length; i++)
        {
            if (low >= from[i] && high <= to[i])
            {
                return true;
            }
        }
        return false;
    }

    public int size()
    {
        return from.length;
    }

    private static boolean digits(final String text)
    {
        return text.length() >= 6 && text.length() <= 8 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
