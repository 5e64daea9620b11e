package io.hotpath.core.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each wait below would never end if the strategy lost the signal it is testing (the bound is an hour where it is not
 * the subject): a failure is the test's timeout, not a slow pass.
 */
@Timeout(30)
class BoundedBlockingWaitStrategyTest
{
    @Test
    void shouldWakeForAPublishThatLandsBetweenRaisingItsFlagAndReadingTheCursor() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.HOURS);
        final SequenceBarrier barrier = ring(strategy).newBarrier();
        final Sequence cursor = new Sequence(-1)
        {
            private int reads;

            @Override
            public long get()
            {
                final long before = super.get();
                // The second read is the one after the flag: a publisher runs to completion before the stale value is
                // returned, so its unpark comes before the park.
                if (++reads == 2)
                {
                    final Thread publisher = new Thread(() ->
                    {
                        set(0);
                        strategy.signalAllWhenBlocking();
                    });
                    publisher.start();
                    while (publisher.getState() != Thread.State.BLOCKED && publisher.getState() != Thread.State.TERMINATED)
                    {
                        Thread.onSpinWait();
                    }
                }
                return before;
            }
        };

        assertThat(strategy.waitFor(0, cursor, cursor, barrier)).isZero();
    }

    @Test
    void shouldLookAtTheRingAgainWithinTheBoundWhenNoSignalComes() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(20, TimeUnit.MILLISECONDS);
        final SequenceBarrier barrier = ring(strategy).newBarrier();
        final Sequence cursor = new Sequence(-1);
        final CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> waitFor(strategy, cursor, barrier));
        Thread.sleep(50);
        // Published without a signal, as a lost one would leave it.
        cursor.set(0);
        assertThat(waited.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void shouldHandAPublishedEventToAWaitingConsumerAndWakeItWhenAlerted() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.HOURS);
        final RingBuffer<long[]> ring = ring(strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> waitFor(barrier, 0));
        Thread.sleep(50);
        final long sequence = ring.next();
        ring.get(sequence)[0] = 42;
        ring.publish(sequence);
        assertThat(first.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(ring.get(0)[0]).isEqualTo(42);

        final CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> waitFor(barrier, 1));
        Thread.sleep(50);
        barrier.alert();
        assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(AlertException.class);
    }

    /**
     * A publisher preempted between claiming a slot and publishing it: the cursor has moved, the slot is not published.
     * The consumer must park, not come back empty-handed to be called again at once, and the publish must wake it (the
     * bound is an hour).
     */
    @Test
    void shouldParkWhileAPublisherHoldsAClaimAndWakeWhenItPublishes() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.HOURS);
        final RingBuffer<long[]> ring = ring(strategy);
        strategy.watch(ring);
        final SequenceBarrier barrier = ring.newBarrier();
        final long claimed = ring.next();
        final AtomicLong emptyHanded = new AtomicLong();
        final CompletableFuture<Long> waited = new CompletableFuture<>();
        final Thread consumer = new Thread(() ->
        {
            long available;
            while ((available = waitFor(barrier, 0)) < 0)
            {
                emptyHanded.incrementAndGet();
            }
            waited.complete(available);
        }, "test-consumer");
        consumer.start();
        while (consumer.getState() != Thread.State.TIMED_WAITING)
        {
            assertThat(emptyHanded.get()).as("waits that returned before the claimed slot was published").isZero();
            Thread.onSpinWait();
        }
        assertThat(waited).isNotDone();

        ring.get(claimed)[0] = 42;
        ring.publish(claimed);

        assertThat(waited.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(emptyHanded.get()).as("waits that returned before the claimed slot was published").isZero();
    }

    @Test
    void shouldWatchOneRingOnly()
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.HOURS);
        strategy.watch(ring(strategy));
        assertThatThrownBy(() -> strategy.watch(ring(strategy))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNeverBlockAPublisherWhileItsConsumerWaitsAndWakesForEveryEvent() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.HOURS);
        final RingBuffer<long[]> ring = ring(strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequences(consumed);
        final int events = 20_000;
        final Thread consumer = new Thread(() ->
        {
            long next = 0;
            while (next < events)
            {
                next = waitFor(barrier, next) + 1;
                consumed.set(next - 1);
            }
        }, "test-consumer");
        consumer.start();

        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final ThreadInfo before = threads.getThreadInfo(Thread.currentThread().getId());
        for (int i = 0; i < events; i++)
        {
            // One event at a time, each published as the consumer goes back to wait for the next.
            final long sequence = ring.next();
            ring.publish(sequence);
            while (consumed.get() < sequence)
            {
                Thread.onSpinWait();
            }
        }
        final ThreadInfo after = threads.getThreadInfo(Thread.currentThread().getId());
        consumer.join(20_000);

        assertThat(consumer.isAlive()).isFalse();
        assertThat(after.getBlockedCount() - before.getBlockedCount()).as("times the publisher blocked on a monitor").isZero();
        assertThat(after.getWaitedCount() - before.getWaitedCount()).as("times the publisher waited or parked").isZero();
    }

    @Test
    void shouldRefuseABoundThatIsNotPositive()
    {
        assertThatThrownBy(() -> new BoundedBlockingWaitStrategy(0, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A thread's first park registers it, and may come long after the warm-up (the first lull in traffic): it must not
     * allocate on the logic thread then. Threads before it park first, so the code is loaded; each ends and gives its
     * place up to the next.
     */
    @Test
    void shouldAllocateNothingWhenAThreadParksOnTheRingForTheFirstTime() throws Exception
    {
        final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.MILLISECONDS);
        final SequenceBarrier barrier = ring(strategy).newBarrier();
        final long[] allocated = new long[4 * BoundedBlockingWaitStrategy.MAX_CONSUMERS];
        for (int i = 0; i < allocated.length; i++)
        {
            final int consumer = i;
            final Thread thread = new Thread(() -> allocated[consumer] = allocatedByFirstPark(strategy, barrier));
            thread.start();
            thread.join();
        }
        assertThat(allocated[allocated.length - 1]).as("bytes allocated by a thread's first wait, parked once").isZero();
    }

    /**
     * The JDK links the park path's atomics the first time any thread in the JVM runs them, and allocates as it does
     * (6,144 to 6,264 bytes, measured before the strategy linked them itself). So the thread-by-thread test above cannot see it
     * once anything in its JVM has parked: this one parks for the first time in a JVM of its own.
     */
    @Test
    void shouldAllocateNothingOnTheFirstParkInANewJvm() throws Exception
    {
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), FirstParkInANewJvm.class.getName())
            .redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).as("bytes allocated by the JVM's first park").isEqualTo("0");
    }

    /**
     * Builds a strategy, then parks a new thread on it once, before anything else in the JVM has parked on one; prints
     * the bytes that thread allocated while it waited.
     */
    public static final class FirstParkInANewJvm
    {
        private FirstParkInANewJvm()
        {
        }

        public static void main(final String[] args) throws InterruptedException
        {
            final BoundedBlockingWaitStrategy strategy = new BoundedBlockingWaitStrategy(1, TimeUnit.MILLISECONDS);
            final SequenceBarrier barrier = ring(strategy).newBarrier();
            final long[] allocated = new long[1];
            final Thread thread = new Thread(() -> allocated[0] = allocatedByFirstPark(strategy, barrier));
            thread.start();
            thread.join();
            System.out.print(allocated[0]);
        }
    }

    private static long allocatedByFirstPark(final BoundedBlockingWaitStrategy strategy, final SequenceBarrier barrier)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // Behind on the first two reads (before and after the flag), so the thread parks once, then published.
        final Sequence cursor = new Sequence(-1)
        {
            private int reads;

            @Override
            public long get()
            {
                return ++reads <= 2 ? -1 : 0;
            }
        };
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long available = waitFor(strategy, cursor, barrier);
        final long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(available).isZero();
        return bytes;
    }

    private static RingBuffer<long[]> ring(final BoundedBlockingWaitStrategy strategy)
    {
        return RingBuffer.createMultiProducer(() -> new long[1], 8, strategy);
    }

    private static long waitFor(final BoundedBlockingWaitStrategy strategy, final Sequence cursor, final SequenceBarrier barrier)
    {
        try
        {
            return strategy.waitFor(0, cursor, cursor, barrier);
        }
        catch (final AlertException | InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long waitFor(final SequenceBarrier barrier, final long sequence)
    {
        try
        {
            return barrier.waitFor(sequence);
        }
        catch (final AlertException ex)
        {
            throw new CompletionException(ex);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
