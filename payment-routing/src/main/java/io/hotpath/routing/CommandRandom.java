package io.hotpath.routing;

/**
 * SplitMix64, seeded from command data, so every draw a decision makes is reproduced by a replay.
 * Written here rather than taken from {@code java.util.SplittableRandom} because that class is
 * final and cannot be re-seeded in place, and the decision path must not allocate.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
final class CommandRandom
{
    private long state;

    CommandRandom seed(final long seed)
    {
        state = seed;
        return this;
    }

    long nextLong()
    {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @return a draw in [0, bound).
     */
    int nextInt(final int bound)
    {
        return (int)Long.remainderUnsigned(nextLong(), bound);
    }

    /**
     * @return a draw in [0, 1,000,000): compare with a share in parts per million.
     */
    int nextPpm()
    {
        return nextInt(1_000_000);
    }
}
