package io.hotpath.core.state;

/**
 * Combines ids into one 64-bit state key with the SplitMix64 finaliser: fixed constants, so keys
 * are the same on every JVM and every run.
 */
public final class Mix
{
    private Mix()
    {
    }

    public static long of(final long a, final long b)
    {
        return finalise(a * 0x9e3779b97f4a7c15L + b);
    }

    public static long of(final long a, final long b, final long c)
    {
        return of(of(a, b), c);
    }

    public static long finalise(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
