package io.hotpath.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind hands each published event to a consumer that waits for it, whichever phase of its waiting the publish finds
 * it in: a lost event is the test's timeout, not a slow pass.
 */
@Timeout(60)
class WaitStrategyKindTest
{
    @Test
    void shouldParkOnSmallHostsAndSpinFirstOnLargeOnes()
    {
        assertThat(WaitStrategyKind.forHost(1)).isEqualTo(WaitStrategyKind.PARKING);
        assertThat(WaitStrategyKind.forHost(WaitStrategyKind.SPIN_FROM_CORES - 1)).isEqualTo(WaitStrategyKind.PARKING);
        assertThat(WaitStrategyKind.forHost(WaitStrategyKind.SPIN_FROM_CORES)).isEqualTo(WaitStrategyKind.PHASED);
        assertThat(WaitStrategyKind.forHost(64)).isEqualTo(WaitStrategyKind.PHASED);
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyKind.class)
    void shouldHandEveryEventToAWaitingConsumerWhateverPhaseItIsIn(final WaitStrategyKind kind) throws Exception
    {
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 64, kind.newStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequences(consumed);
        final int events = 200;
        final Thread consumer = new Thread(() ->
        {
            try
            {
                long next = 0;
                while (next < events)
                {
                    final long available = barrier.waitFor(next);
                    consumed.set(available);
                    next = available + 1;
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }, "test-consumer");
        consumer.start();

        for (int i = 0; i < events; i++)
        {
            // Now straight away, now after the consumer has spun, now after it has yielded as long as the longest yield
            // phase, so that it blocks: each way a publish can find it.
            final long pauseMicros = i % 10 == 9 ? 2 * WaitStrategyKind.LONG_YIELD_MICROS + WaitStrategyKind.PARK_BOUND_MILLIS * 1_000
                : i % 10 == 5 ? 50 : 0;
            TimeUnit.MICROSECONDS.sleep(pauseMicros);
            final long sequence = ring.next();
            ring.get(sequence)[0] = i;
            ring.publish(sequence);
        }
        consumer.join(30_000);

        assertThat(consumer.isAlive()).isFalse();
        assertThat(consumed.get()).isEqualTo(events - 1);
    }
}
