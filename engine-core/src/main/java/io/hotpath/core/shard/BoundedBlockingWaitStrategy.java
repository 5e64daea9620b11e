package io.hotpath.core.shard;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks a consumer until a publisher signals, looking at the ring again at least every bound however the signal
 * fares. A publisher never takes a lock: it clears the flag in one atomic exchange and, only if a consumer had raised
 * it, unparks the ring's consumers. Publishers are the fronts' event loops, which must never block.
 *
 * <pre>
 *   consumer                                   publisher
 *     signalNeeded = true                        cursor advanced
 *     cursor read: still behind?  park           signalNeeded read and cleared: was it set?  unpark the consumers
 * </pre>
 *
 * The consumer raises the flag before it reads the cursor, so a publish either comes after the flag (and unparks) or
 * before the read (and is seen); an unpark that comes before the park makes the park return at once. The Disruptor's
 * own {@code LiteTimeoutBlockingWaitStrategy} (4.0.0) reads the cursor first and raises the flag after: a publish
 * between the two is never signalled, and its command waits out the whole timeout unless another publish comes first
 * (BoundedBlockingWaitStrategyTest holds a publish in that window; on that order it waits for ever). Its signal, like
 * that of every blocking strategy the Disruptor ships, takes a monitor the consumer holds while it checks the ring: a
 * consumer preempted there held a binary front's event loop for 13.7 ms in a soak's Flight Recording. The bound is a
 * second line of defence, not a tick: a consumer that is never signalled still sees its ring within it.
 *
 * <p>A multi-producer ring's cursor moves when a publisher claims a slot, before the publisher writes the slot and
 * publishes it. A strategy that looks only at the cursor returns at once for a claimed slot; the Disruptor's barrier
 * then finds it unpublished and hands its consumer nothing, and the consumer asks again at once, for as long as the claim
 * lasts. The publishers are the fronts' event loops, and on a small host one is now and then preempted holding a claim:
 * under h2load's Ping on 2 cores (63,000 to 87,000 calls/s, two shards) the shards' threads asked 1.2 to 3.5 million
 * times a second for slots they did not get, spinning through the preempted loop's time slice on a core the loop could
 * have used. So a strategy that {@linkplain #watch watches} its ring also waits for the slot itself:
 * {@value #SPINS_BEFORE_PARK} spins, then the same park as for an empty ring, ended by the publish's signal. In the same
 * runs about one wait in forty met a claimed slot; the tenth of those published within the spins took 15 on average,
 * and the other nine in ten were still unpublished after them (most after 1,000, in a build made to count them).
 */
public final class BoundedBlockingWaitStrategy implements WaitStrategy
{
    /** Threads that may wait on one ring at once: a ring has a consumer a stage (journal, decision, replication, egress). */
    static final int MAX_CONSUMERS = 8;

    /** How many times a consumer looks at a claimed slot before it parks until the slot is published. */
    static final int SPINS_BEFORE_PARK = 64;

    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    private final long boundNanos;
    /**
     * The threads that have waited on this ring, each once, in a fixed array: a consumer's first park, which may come
     * long after the start (the first lull in traffic), allocates nothing, so the logic thread allocates nothing after
     * its warm-up whatever the traffic does. A thread that has ended (a stage restarted) gives its place up.
     */
    private final AtomicReferenceArray<Thread> consumers = new AtomicReferenceArray<>(MAX_CONSUMERS);
    /** The ring whose slots a consumer waits to see published, not only claimed; null to look at the cursor alone. */
    private RingBuffer<?> ring;

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
        linkTheParkPath();
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence || !published(sequence) && !spunUntilPublished(sequence))
        {
            register(Thread.currentThread());
            while (true)
            {
                // An atomic exchange, not a plain store: the reads below must not be ordered before it. A publisher
                // marks its slot published before it reads the flag, with an atomic exchange of its own.
                signalNeeded.getAndSet(true);
                if (cursor.get() >= sequence && published(sequence))
                {
                    break;
                }
                barrier.checkAlert();
                LockSupport.parkNanos(this, boundNanos);
                if (Thread.interrupted())
                {
                    throw new InterruptedException();
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

    /**
     * Makes consumers wait for each slot of {@code watched} to be published, not only claimed. Call once, with the ring
     * built on this strategy, before its consumers start.
     */
    public void watch(final RingBuffer<?> watched)
    {
        if (ring != null)
        {
            throw new IllegalStateException("already watching a ring");
        }
        ring = watched;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            // Consumers registered before they raised the flag, so this read sees every one that may be parked; one that
            // is running keeps the permit, and its next park returns at once and looks at the ring again.
            for (int i = 0; i < MAX_CONSUMERS; i++)
            {
                final Thread consumer = consumers.get(i);
                if (consumer != null)
                {
                    LockSupport.unpark(consumer);
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "BoundedBlockingWaitStrategy{bound=" + boundNanos + " ns}";
    }

    /**
     * Runs every call a park makes once, on the constructing thread. The JDK links a {@code VarHandle} access mode or a
     * method handle the first time any thread runs it, and allocates as it does: 6,144 to 6,264 bytes on the first park in a
     * new JVM, measured. A consumer may park for the first time long after its warm-up, when a burst of traffic first
     * drains its ring, and the logic thread must allocate nothing then; so the links are made here, off every stage.
     * The permit the constructing thread gives itself is taken by its own park, which returns at once.
     */
    private void linkTheParkPath()
    {
        final int place = register(Thread.currentThread());
        signalNeeded.getAndSet(true);
        signalAllWhenBlocking();
        LockSupport.parkNanos(this, boundNanos);
        consumers.set(place, null);
    }

    /**
     * @return whether the slot of {@code sequence}, already claimed, has been published; true when no ring is watched.
     */
    private boolean published(final long sequence)
    {
        return ring == null || ring.isAvailable(sequence);
    }

    /**
     * Spins once, before the first park: a publisher that is not preempted publishes within it, and a thread woken from a
     * park has been signalled or has waited out the bound, so it looks once and parks again if it must.
     *
     * @return whether the slot of {@code sequence}, claimed and unpublished, was published within
     *         {@link #SPINS_BEFORE_PARK} spins.
     */
    private boolean spunUntilPublished(final long sequence)
    {
        for (int i = 0; i < SPINS_BEFORE_PARK; i++)
        {
            Thread.onSpinWait();
            if (ring.isAvailable(sequence))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A scan of a handful of places, done each time a consumer is about to park; allocates nothing.
     *
     * @return the place {@code consumer} holds.
     * @throws IllegalStateException if more than {@link #MAX_CONSUMERS} live threads wait on the ring.
     */
    private int register(final Thread consumer)
    {
        for (int i = 0; i < MAX_CONSUMERS; i++)
        {
            if (consumers.get(i) == consumer)
            {
                return i;
            }
        }
        for (int i = 0; i < MAX_CONSUMERS; i++)
        {
            final Thread held = consumers.get(i);
            if ((held == null || !held.isAlive()) && consumers.compareAndSet(i, held, consumer))
            {
                return i;
            }
        }
        throw new IllegalStateException("more than " + MAX_CONSUMERS + " threads wait on one ring");
    }
}
