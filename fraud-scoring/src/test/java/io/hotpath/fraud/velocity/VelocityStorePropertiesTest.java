package io.hotpath.fraud.velocity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The store's windows, with their running totals, read exactly what summing every payment of the
 * window's buckets reads, whatever the order of command times: forward in small and large steps,
 * back in time, and reads between and before the payments.
 */
class VelocityStorePropertiesTest
{
    private static final long START = 1_800_000_000L * 1_000_000_000L;
    private static final long KEY = 42;

    record Step(boolean read, long time, long amount)
    {
    }

    @Property(tries = 300)
    void shouldReadWhatSummingTheWindowsBucketsReads(@ForAll("steps") final List<Step> steps)
    {
        assertReadsMatchTheReference(steps);
    }

    /**
     * Command times on and beside the edges of buckets (a nanosecond before, on, after, and the bucket's last nanosecond),
     * a few buckets apart either way: where a payment or a read is most easily taken for the bucket before or after its
     * own.
     */
    @Property(tries = 300)
    void shouldReadWhatSummingTheWindowsBucketsReadsAtTheEdgesOfBuckets(@ForAll("edges") final List<Step> steps)
    {
        assertReadsMatchTheReference(steps);
    }

    /**
     * Command times within two buckets' length of the ends of a long, where the first and the last epochs are cut off.
     */
    @Property(tries = 100)
    void shouldReadWhatSummingTheWindowsBucketsReadsAtTheEndsOfTime(@ForAll("ends") final List<Step> steps)
    {
        assertReadsMatchTheReference(steps);
    }

    /**
     * The epoch of Long.MIN_VALUE starts before it: its first nanosecond, computed in a long, wraps round to within a bucket of
     * Long.MAX_VALUE. A payment at Long.MIN_VALUE must not count in a read at that wrapped time, nor one at the wrapped time in a
     * read at Long.MIN_VALUE.
     */
    @Example
    void shouldNotTakeATimeNearTheEndOfALongForTheEpochAtItsStart()
    {
        for (final VelocityWindow window : new VelocityWindow[] {VelocityWindow.HOUR, VelocityWindow.DAY})
        {
            final long wrapped = Math.floorDiv(Long.MIN_VALUE, window.bucketNanos()) * window.bucketNanos();
            assertThat(wrapped).as("the wrapped start of the first epoch").isGreaterThan(0);
            assertReadsMatchTheReference(List.of(new Step(false, Long.MIN_VALUE, 7), new Step(true, wrapped, 0),
                new Step(false, wrapped, 5), new Step(true, Long.MIN_VALUE, 0), new Step(true, wrapped, 0)));
        }
    }

    private static void assertReadsMatchTheReference(final List<Step> steps)
    {
        final VelocityStore store = new VelocityStore(4);
        final List<long[]> recorded = new ArrayList<>();
        for (final Step step : steps)
        {
            if (step.read())
            {
                for (final VelocityWindow window : new VelocityWindow[] {VelocityWindow.HOUR, VelocityWindow.DAY})
                {
                    assertThat(store.count(VelocityKey.CARD, KEY, window, step.time()))
                        .as("count over %s at %d", window, step.time()).isEqualTo(expected(recorded, window, step.time(), 1));
                    assertThat(store.amount(VelocityKey.CARD, KEY, window, step.time()))
                        .as("amount over %s at %d", window, step.time()).isEqualTo(expected(recorded, window, step.time(), 2));
                }
            }
            else
            {
                store.record(VelocityKey.CARD, KEY, step.amount(), 0, step.time());
                recorded.add(new long[] {step.time(), 1, step.amount()});
            }
        }
    }

    /**
     * The reference: a bucket keeps the payments of the last epoch it was given (a payment for an
     * older epoch than the bucket holds is dropped, one for a newer epoch starts it afresh), and a
     * window sums the buckets whose epochs are its last ones.
     */
    private static long expected(final List<long[]> recorded, final VelocityWindow window, final long now, final int field)
    {
        final long length = window.nanos() / window.buckets();
        final long[] epochs = new long[window.buckets()];
        final long[] sums = new long[window.buckets()];
        Arrays.fill(epochs, Long.MIN_VALUE);
        for (final long[] payment : recorded)
        {
            final long epoch = Math.floorDiv(payment[0], length);
            final int b = (int)Math.floorMod(epoch, (long)window.buckets());
            if (epochs[b] < epoch)
            {
                epochs[b] = epoch;
                sums[b] = 0;
            }
            if (epochs[b] == epoch)
            {
                sums[b] += payment[field];
            }
        }
        final long current = Math.floorDiv(now, length);
        long total = 0;
        for (int b = 0; b < window.buckets(); b++)
        {
            if (epochs[b] <= current && epochs[b] > current - window.buckets())
            {
                total += sums[b];
            }
        }
        return total;
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        // Steps of a few seconds to a few days, mostly forward, sometimes back.
        final Arbitrary<Long> moves = Arbitraries.oneOf(
            Arbitraries.longs().between(0, 10_000_000_000L),
            Arbitraries.longs().between(0, 4 * 3_600_000_000_000L),
            Arbitraries.longs().between(-2 * 3_600_000_000_000L, 0),
            Arbitraries.longs().between(0, 3 * 86_400_000_000_000L));
        final Arbitrary<long[]> step = Combinators.combine(Arbitraries.of(true, false), moves, Arbitraries.longs().between(1, 100_000))
            .as((read, move, amount) -> new long[] {read ? 1 : 0, move, amount});
        return step.list().ofMinSize(1).ofMaxSize(200).map(raw ->
        {
            final List<Step> steps = new ArrayList<>();
            long time = START;
            for (final long[] s : raw)
            {
                time += s[1];
                steps.add(new Step(s[0] == 1, time, s[2]));
            }
            return steps;
        });
    }

    @Provide
    Arbitrary<List<Step>> edges()
    {
        final long[] lengths = {VelocityWindow.HOUR.bucketNanos(), VelocityWindow.DAY.bucketNanos()};
        final Arbitrary<Step> step = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(0, 1),
            Arbitraries.integers().between(-3, 3), Arbitraries.integers().between(0, 3), Arbitraries.longs().between(1, 100_000))
            .as((read, window, buckets, where, amount) ->
            {
                final long length = lengths[window];
                final long edge = Math.floorDiv(START, length) * length + buckets * length;
                final long[] offsets = {-1, 0, 1, length - 1};
                return new Step(read, edge + offsets[where], amount);
            });
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Provide
    Arbitrary<List<Step>> ends()
    {
        final long reach = 2 * VelocityWindow.DAY.bucketNanos();
        final Arbitrary<Long> times = Arbitraries.oneOf(Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE + reach),
            Arbitraries.longs().between(Long.MAX_VALUE - reach, Long.MAX_VALUE));
        return Combinators.combine(Arbitraries.of(true, false), times, Arbitraries.longs().between(1, 100_000))
            .as(Step::new).list().ofMinSize(1).ofMaxSize(100);
    }
}
