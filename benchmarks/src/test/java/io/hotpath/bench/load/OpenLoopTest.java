package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The schedule itself, against a transport that answers at once except during a stall: every
 * request planned during the stall must show the stall in its latency, as it would to the callers
 * of a stalled engine, not only the one request a waiting client would have had in flight.
 */
@Timeout(60)
class OpenLoopTest
{
    private static final long RATE = 1_000;
    private static final long STALL_MILLIS = 300;

    @Test
    void shouldTimeEveryRequestPlannedDuringAStallFromItsPlannedTime()
    {
        final OpenLoop loop = new OpenLoop();
        final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        final long[] stall = new long[2];
        final LoadTransport stalling = new LoadTransport()
        {
            @Override
            public void decide(final long sequence, final int slot, final long paymentId)
            {
                final long now = System.nanoTime();
                if (stall[0] == 0 && sequence == RATE / 2)
                {
                    stall[0] = now;
                    stall[1] = now + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
                }
                final long delay = stall[0] != 0 && now < stall[1] ? stall[1] - now : 0;
                answers.schedule(() -> loop.answered(sequence), delay, TimeUnit.NANOSECONDS);
            }

            @Override
            public void quote(final long sequence, final int slot)
            {
                decide(sequence, slot, 0);
            }

            @Override
            public void outcome(final long sequence, final Decided payment, final boolean approved)
            {
                decide(sequence, 0, 0);
            }

            @Override
            public void label(final long sequence, final Decided payment)
            {
                decide(sequence, 0, 0);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        try
        {
            final OpenLoop.Result result = loop.run(stalling, LoadMix.parse("decide=1"), RATE, Duration.ZERO, Duration.ofSeconds(2),
                null, Duration.ofMillis(500), null);

            assertThat(result.sustained()).isTrue();
            assertThat(result.sent()).isEqualTo(2 * RATE);
            assertThat(result.answered()).isEqualTo(2 * RATE);
            // Requests planned in the stall's first half waited at least its second half.
            final long stalledRequests = RATE * STALL_MILLIS / 1000 / 2;
            final long atLeastHalfTheStall = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS / 2);
            final long slow = result.all().getCountBetweenValues(atLeastHalfTheStall, result.all().getMaxValue());
            assertThat(slow).as("requests timed at least %d ms", STALL_MILLIS / 2).isGreaterThanOrEqualTo(stalledRequests * 9 / 10);
            assertThat(result.all().getMaxValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS) * 9 / 10);
            assertThat(result.timeline()).isNotEmpty();
        }
        finally
        {
            answers.shutdownNow();
        }
    }
}
