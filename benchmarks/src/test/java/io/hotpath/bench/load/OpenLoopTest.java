package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
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
        final LoadTransport stalling = new AnswerEach(sequence ->
        {
            final long now = System.nanoTime();
            if (stall[0] == 0 && sequence == RATE / 2)
            {
                stall[0] = now;
                stall[1] = now + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
            }
            final long delay = stall[0] != 0 && now < stall[1] ? stall[1] - now : 0;
            answers.schedule(() -> loop.answered(sequence), delay, TimeUnit.NANOSECONDS);
        });
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

    @Test
    void shouldCountAnAnswerOnceAndTimeLateAnswersFromTheirOwnPlannedTime()
    {
        final OpenLoop loop = new OpenLoop();
        final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        final LoadTransport twiceAndLate = new AnswerEach(sequence ->
        {
            // Every tenth request is answered 200 ms late; every request is answered twice.
            final long delay = sequence % 10 == 0 ? 200 : 0;
            answers.schedule(() -> loop.answered(sequence), delay, TimeUnit.MILLISECONDS);
            answers.schedule(() -> loop.answered(sequence), delay + 1, TimeUnit.MILLISECONDS);
        });
        try
        {
            final OpenLoop.Result result = loop.run(twiceAndLate, LoadMix.parse("decide=1"), RATE, Duration.ZERO, Duration.ofSeconds(1),
                null, Duration.ofMillis(500), null);

            assertThat(result.answered()).isEqualTo(RATE);
            assertThat(result.unanswered()).isZero();
            final long late = result.all().getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(190), result.all().getMaxValue());
            assertThat(late).as("the late tenth, and only it, timed at 200 ms or more").isBetween(RATE / 10 - 5, RATE / 10 + 5);
        }
        finally
        {
            answers.shutdownNow();
        }
    }

    /**
     * Answers every kind of request as {@code answer} says.
     */
    private record AnswerEach(LongConsumer answer) implements LoadTransport
    {
        @Override
        public void decide(final long sequence, final int slot, final long paymentId)
        {
            answer.accept(sequence);
        }

        @Override
        public void quote(final long sequence, final int slot)
        {
            answer.accept(sequence);
        }

        @Override
        public void outcome(final long sequence, final Decided payment, final boolean approved)
        {
            answer.accept(sequence);
        }

        @Override
        public void label(final long sequence, final Decided payment)
        {
            answer.accept(sequence);
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    }
}
