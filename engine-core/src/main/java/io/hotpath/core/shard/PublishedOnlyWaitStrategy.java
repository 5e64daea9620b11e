package io.hotpath.core.shard;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands a ring's first consumer a sequence only once its publisher has finished writing it, backing off while it waits
 * rather than spinning.
 *
 * <p>On a ring with many publishers the cursor moves when a publisher claims a slot, before it writes the command in.
 * Every strategy the Disruptor ships waits on the cursor, so a consumer whose next slot is claimed but not yet published
 * comes back at once, finds the slot unpublished ({@code MultiProducerSequencer.getHighestPublishedSequence}) and asks
 * again, with no backoff, for as long as the publisher takes. A publisher preempted between its claim and its publish
 * (on a 2-core host the fronts' event loops share the cores with the shards) keeps the consumer spinning for the rest of
 * its time slice, on the core the publisher needs to finish. In the anchors' Flight Recordings of the run at 2,000
 * decisions/s and of the soak, three quarters of the CPU samples of the threads under test were in that loop.
 *
 * <p>This strategy waits as the one it wraps does for the cursor, then, for the first consumer only (whose dependent
 * sequence is the cursor: the later ones depend on stages that passed only published slots), spins briefly, yields, and
 * then parks for {@link #PARK_NANOS} at a time until the slot is published. A strategy for dedicated cores
 * ({@code backOff} false) keeps spinning, as it would on the cursor.
 */
public final class PublishedOnlyWaitStrategy implements WaitStrategy
{
    /** Spins before the wait for a publisher yields: a publisher that is running finishes its slot within them. */
    static final int SPIN_TRIES = 100;
    /** Yields before it parks: a publisher preempted on this core runs in one of them. */
    static final int YIELD_TRIES = 100;
    /** The park between looks at the slot, once spinning and yielding have not seen it published. */
    static final long PARK_NANOS = 50_000;

    private final WaitStrategy cursorWait;
    private final boolean backOff;
    private RingBuffer<?> ring;

    /**
     * @param cursorWait how to wait for the cursor to reach a sequence.
     * @param backOff    false to spin while a claimed slot is written (hosts with a core a thread).
     */
    public PublishedOnlyWaitStrategy(final WaitStrategy cursorWait, final boolean backOff)
    {
        this.cursorWait = Objects.requireNonNull(cursorWait, "cursorWait");
        this.backOff = backOff;
    }

    /**
     * @return a strategy that waits for the cursor as {@code kind} does, and backs off while a slot is written unless
     *         {@code kind} is {@link WaitStrategyKind#BUSY_SPIN}.
     */
    public static PublishedOnlyWaitStrategy of(final WaitStrategyKind kind)
    {
        return new PublishedOnlyWaitStrategy(kind.newStrategy(), kind != WaitStrategyKind.BUSY_SPIN);
    }

    /**
     * Names the ring whose slots to look at; before its consumers start.
     */
    public void watch(final RingBuffer<?> ring)
    {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException, TimeoutException
    {
        final long available = cursorWait.waitFor(sequence, cursor, dependentSequence, barrier);
        if (available < sequence || dependentSequence != cursor)
        {
            return available;
        }
        int tries = 0;
        while (!ring.isAvailable(sequence))
        {
            barrier.checkAlert();
            if (!backOff || tries < SPIN_TRIES)
            {
                Thread.onSpinWait();
                tries++;
            }
            else if (tries < SPIN_TRIES + YIELD_TRIES)
            {
                Thread.yield();
                tries++;
            }
            else
            {
                LockSupport.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted())
                {
                    throw new InterruptedException();
                }
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        cursorWait.signalAllWhenBlocking();
    }

    @Override
    public String toString()
    {
        return "PublishedOnlyWaitStrategy{" + cursorWait + ", backOff=" + backOff + "}";
    }
}
