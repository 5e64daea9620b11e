package io.hotpath.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ring's first consumer waits, parked, while the slot it needs is claimed but not yet written, and takes it once it is
 * published, with every slot published behind it.
 */
@Timeout(60)
class PublishedOnlyWaitStrategyTest
{
    @ParameterizedTest
    @EnumSource(value = WaitStrategyKind.class, mode = EnumSource.Mode.EXCLUDE, names = "BUSY_SPIN")
    void shouldParkWhileItsNextSlotIsClaimedButNotPublished(final WaitStrategyKind kind) throws Exception
    {
        final PublishedOnlyWaitStrategy strategy = PublishedOnlyWaitStrategy.of(kind);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 64, strategy);
        strategy.watch(ring);
        final SequenceBarrier barrier = ring.newBarrier();
        final long held = ring.next();
        final long behind = ring.next();
        ring.get(behind)[0] = 2;
        ring.publish(behind);
        final Waiter waiter = new Waiter(barrier, 0);

        awaitParkedIn(waiter.thread, strategy);
        assertThat(waiter.result).as("not handed the unpublished slot").isNotDone();

        ring.get(held)[0] = 1;
        ring.publish(held);

        assertThat(waiter.result.get(10, TimeUnit.SECONDS)).as("the slot and the one published behind it").isEqualTo(behind);
        assertThat(ring.get(held)[0]).isEqualTo(1);
    }

    @Test
    void shouldSpinForABusySpinRingAndStillTakeTheSlotOncePublished() throws Exception
    {
        final PublishedOnlyWaitStrategy strategy = PublishedOnlyWaitStrategy.of(WaitStrategyKind.BUSY_SPIN);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 64, strategy);
        strategy.watch(ring);
        final long held = ring.next();
        final Waiter waiter = new Waiter(ring.newBarrier(), 0);
        TimeUnit.MILLISECONDS.sleep(50);

        assertThat(waiter.result).isNotDone();
        assertThat(LockSupport.getBlocker(waiter.thread)).as("spinning, not parked").isNull();
        ring.publish(held);
        assertThat(waiter.result.get(10, TimeUnit.SECONDS)).isEqualTo(held);
    }

    @Test
    void shouldStopWaitingForAnUnpublishedSlotWhenAlerted() throws Exception
    {
        final PublishedOnlyWaitStrategy strategy = PublishedOnlyWaitStrategy.of(WaitStrategyKind.PHASED);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 64, strategy);
        strategy.watch(ring);
        ring.next();
        final SequenceBarrier barrier = ring.newBarrier();
        final Waiter waiter = new Waiter(barrier, 0);
        awaitParkedIn(waiter.thread, strategy);

        barrier.alert();

        assertThat(waiter.result).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
            .isInstanceOf(AlertException.class);
    }

    private static void awaitParkedIn(final Thread thread, final Object blocker) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (LockSupport.getBlocker(thread) != blocker)
        {
            assertThat(System.nanoTime()).as("%s parked in the strategy", thread.getName()).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /**
     * One consumer waiting on its own thread for one sequence.
     */
    private static final class Waiter
    {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        final Thread thread;

        Waiter(final SequenceBarrier barrier, final long sequence)
        {
            thread = new Thread(() ->
            {
                try
                {
                    result.complete(barrier.waitFor(sequence));
                }
                catch (final Exception ex)
                {
                    result.completeExceptionally(ex);
                }
            }, "test-consumer");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
