package io.hotpath.core.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measures what a piece of code allocates on the calling thread, from the thread's
 * allocated-bytes counter, once it is warm.
 *
 * <p>While C2 is still compiling, the counter picks up a few hundred bytes at compilation
 * transitions (seen with a bare ping too) that say nothing about the code measured. So the code
 * runs in rounds, and steady state is a round that allocates nothing at all: code that allocates
 * on every call can never produce one, whatever the JIT does.
 */
public final class AllocationMeter
{
    private static final int MAX_ROUNDS = 8;

    private AllocationMeter()
    {
    }

    /**
     * @param round runs the code under test, many times, once per call.
     * @return the bytes each round allocated, up to and including the first round that allocated
     *         none; its last element is 0 if and only if steady state allocates nothing.
     */
    public static long[] rounds(final Runnable round)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long[] allocated = new long[MAX_ROUNDS];
        for (int i = 0; i < MAX_ROUNDS; i++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            round.run();
            allocated[i] = threads.getThreadAllocatedBytes(thread) - before;
            if (i > 0 && allocated[i] == 0)
            {
                return Arrays.copyOf(allocated, i + 1);
            }
        }
        return allocated;
    }

    /**
     * @return the bytes the last round allocated: 0 when steady state allocates nothing.
     */
    public static long steadyState(final Runnable round)
    {
        final long[] rounds = rounds(round);
        return rounds[rounds.length - 1];
    }
}
