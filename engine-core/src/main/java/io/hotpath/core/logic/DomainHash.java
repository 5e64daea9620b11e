package io.hotpath.core.logic;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The domains' share of a snapshot's state hash, as one task that either of two threads may run, once: a thread the
 * snapshot sink lends ({@link SnapshotSink#runAside}), while the logic thread encodes the same state, or else the logic
 * thread itself, once it has encoded it. Hashing and encoding each took about half of a snapshot's hold of the logic
 * thread ({@code SnapshotBenchmark}'s profile: xxHash3 and the hash loops 56% of its samples); side by side, the hold is
 * the longer of the two. Whichever thread claims the task first runs it, so the hold is never longer than hashing and
 * then encoding on the logic thread, as before: a lent thread that is busy (writing the last snapshot) or slow to be
 * scheduled is simply not waited for, unless it has begun.
 *
 * <p>Both threads only read the domains' state, which nothing changes during the snapshot's command; the hand-over
 * ({@link #queue} before the sink is given the task, {@link #finish} reading the end) orders the hasher's and the state's
 * writes between them. A domain's {@link DomainLogic#hashState} and {@link DomainLogic#writeState} must therefore share
 * no scratch state.
 */
final class DomainHash implements Runnable
{
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    /** Spins before each yield while the other thread finishes: it has begun, so it ends within one hashing pass. */
    private static final int SPINS = 1_000;

    private final AtomicInteger stage = new AtomicInteger(IDLE);
    private final DomainLogic[] domains;
    private Fnv1a64 hasher;
    private Throwable failure;

    DomainHash(final DomainLogic[] domains)
    {
        this.domains = domains;
    }

    /**
     * Makes the task ready to run, adding to {@code into}, which holds the hash of the state before the domains.
     */
    void queue(final Fnv1a64 into)
    {
        hasher = into;
        failure = null;
        stage.set(QUEUED);
    }

    /**
     * Hashes the domains if no thread has claimed the task since {@link #queue}; does nothing otherwise (a lent thread
     * that runs it late, after the logic thread ran it itself, or a second time).
     */
    @Override
    public void run()
    {
        if (!stage.compareAndSet(QUEUED, RUNNING))
        {
            return;
        }
        try
        {
            for (final DomainLogic domain : domains)
            {
                domain.hashState(hasher);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
        }
        finally
        {
            stage.set(DONE);
        }
    }

    /**
     * On the logic thread, after it has encoded the state: runs the task unless another thread has claimed it, and waits
     * for that thread to finish if one has.
     *
     * @throws RuntimeException or {@link Error}: what a domain's hash threw, on whichever thread.
     */
    void finish()
    {
        run();
        int spins = 0;
        while (stage.get() != DONE)
        {
            if (++spins < SPINS)
            {
                Thread.onSpinWait();
            }
            else
            {
                spins = 0;
                Thread.yield();
            }
        }
        // DONE until the next queue(): a lent thread that runs the task late claims nothing.
        final Throwable thrown = failure;
        if (thrown instanceof Error)
        {
            throw (Error)thrown;
        }
        if (thrown != null)
        {
            throw (RuntimeException)thrown;
        }
    }
}
