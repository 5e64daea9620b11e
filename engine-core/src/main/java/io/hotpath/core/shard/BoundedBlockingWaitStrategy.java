package io.hotpath.core.shard;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Blocks a consumer until a publisher signals, looking at the ring again at least every bound however the signal
 * fares; publishers take the lock to signal only while a consumer is waiting, so a busy ring costs them one atomic
 * exchange a publish.
 *
 * <pre>
 *   consumer (under the lock)                  publisher
 *     signalNeeded = true                        cursor advanced
 *     cursor read: still behind?  wait           signalNeeded read and cleared: was it set?  lock, notify
 * </pre>
 *
 * The consumer raises the flag before it reads the cursor, so a publish either comes after the flag (and signals) or
 * before the read (and is seen). The Disruptor's own {@code LiteTimeoutBlockingWaitStrategy} (4.0.0) reads the cursor
 * first and raises the flag after: a publish between the two is never signalled, and its command waits out the whole
 * timeout unless another publish comes first (BoundedBlockingWaitStrategyTest holds a publish in that window; on that
 * order it waits for ever). The bound is a second line of defence, not a tick: a waiting consumer that is never
 * signalled still sees its ring within it.
 */
public final class BoundedBlockingWaitStrategy implements WaitStrategy
{
    private final Object mutex = new Object();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    private final long boundNanos;

    /**
     * @param bound the longest one wait lasts before the consumer looks at the cursor again.
     */
    public BoundedBlockingWaitStrategy(final long bound, final TimeUnit unit)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("the bound must be positive: " + bound);
        }
        this.boundNanos = unit.toNanos(bound);
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence)
        {
            synchronized (mutex)
            {
                while (true)
                {
                    signalNeeded.getAndSet(true);
                    if (cursor.get() >= sequence)
                    {
                        break;
                    }
                    barrier.checkAlert();
                    TimeUnit.NANOSECONDS.timedWait(mutex, boundNanos);
                }
            }
        }
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            synchronized (mutex)
            {
                mutex.notifyAll();
            }
        }
    }

    @Override
    public String toString()
    {
        return "BoundedBlockingWaitStrategy{bound=" + boundNanos + " ns}";
    }
}
