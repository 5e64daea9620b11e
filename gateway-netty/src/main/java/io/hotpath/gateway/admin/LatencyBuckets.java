package io.hotpath.gateway.admin;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One latency series as Prometheus reads it: counts since the engine started in classic buckets
 * and in native (exponential) buckets side by side, fed from HdrHistogram intervals in nanoseconds.
 *
 * <pre>
 *   classic:  le = 10us 25us 50us 100us 250us 500us 1ms 2.5ms 5ms 10ms 25ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s +Inf
 *   native:   schema 3, so each bucket is 2^(1/8) = 1.09 times the one before (Prometheus's default factor, 1.1);
 *             bucket i holds (2^((i-1)/8), 2^(i/8)] seconds; 1 ns to 60 s is indexes -240 to 48
 * </pre>
 *
 * Written by hand rather than with the Prometheus client's {@code Histogram}: that one takes values
 * one call at a time on the thread that measures them, and boxes its native bucket indexes, while
 * the engine's threads already record into HdrHistogram recorders without waiting or allocating.
 * This turns what they recorded into buckets on the reader's thread, a distinct value at a time
 * (a few hundred a tick however many calls there were). HdrHistogram's values are kept at 1% or
 * better, finer than a native bucket's 9%, so a value lands in the bucket it was measured in
 * except within 1% of a bucket's edge.
 *
 * <p>Not thread-safe: its owner adds and snapshots under one lock. {@link #offer} alone may be
 * called from any thread.
 */
final class LatencyBuckets
{
    /** Upper bounds of the classic buckets, in seconds: microseconds to seconds, 1-2.5-5 steps. */
    static final double[] CLASSIC_BOUNDS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
    static final int NATIVE_SCHEMA = 3;
    private static final int LOWEST_INDEX = -240;
    private static final int HIGHEST_INDEX = 48;
    private static final double[] NATIVE_BOUNDS = nativeBounds();
    private static final double NANOS_PER_SECOND = 1e9;

    private final Labels labels;
    private final long createdMillis = System.currentTimeMillis();
    private final long[] classic = new long[CLASSIC_BOUNDS.length];
    private final long[] positive = new long[NATIVE_BOUNDS.length];
    private double sumSeconds;
    private volatile Exemplar exemplar;

    LatencyBuckets(final Labels labels)
    {
        this.labels = labels;
    }

    /**
     * Adds every value of {@code interval}, in nanoseconds.
     */
    void add(final AbstractHistogram interval)
    {
        final long total = interval.getTotalCount();
        if (total == 0)
        {
            return;
        }
        for (final HistogramIterationValue value : interval.recordedValues())
        {
            final double seconds = interval.medianEquivalentValue(value.getValueIteratedTo()) / NANOS_PER_SECOND;
            final long count = value.getCountAtValueIteratedTo();
            classic[classicIndex(seconds)] += count;
            positive[nativeSlot(seconds)] += count;
        }
        sumSeconds += interval.getMean() * total / NANOS_PER_SECOND;
    }

    /**
     * Keeps {@code candidate} as the series' exemplar: the latest sampled call's trace, with its value.
     */
    void offer(final Exemplar candidate)
    {
        exemplar = candidate;
    }

    /**
     * @return the counts so far, both bucket layouts, with the latest exemplar.
     */
    HistogramDataPointSnapshot snapshot()
    {
        int used = 0;
        for (final long count : positive)
        {
            used += count == 0 ? 0 : 1;
        }
        final int[] indexes = new int[used];
        final long[] counts = new long[used];
        int next = 0;
        for (int slot = 0; slot < positive.length; slot++)
        {
            if (positive[slot] != 0)
            {
                indexes[next] = slot + LOWEST_INDEX;
                counts[next++] = positive[slot];
            }
        }
        final Exemplar latest = exemplar;
        return new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(CLASSIC_BOUNDS, classic.clone()), NATIVE_SCHEMA, 0, 0,
            NativeHistogramBuckets.of(indexes, counts), NativeHistogramBuckets.EMPTY, sumSeconds, labels,
            latest == null ? Exemplars.EMPTY : Exemplars.of(latest), createdMillis);
    }

    /**
     * @return an exemplar of {@code nanos} for the call of trace {@code traceId}, span {@code spanId}, stamped now.
     */
    static Exemplar exemplar(final long nanos, final String traceId, final String spanId)
    {
        return new Exemplar(nanos / NANOS_PER_SECOND, Labels.of(Exemplar.TRACE_ID, traceId, Exemplar.SPAN_ID, spanId),
            System.currentTimeMillis());
    }

    static int classicIndex(final double seconds)
    {
        int index = 0;
        while (seconds > CLASSIC_BOUNDS[index])
        {
            index++;
        }
        return index;
    }

    /**
     * @return the native bucket index holding {@code seconds}: the least i with seconds &lt;= 2^(i/8).
     */
    static int nativeIndex(final double seconds)
    {
        return nativeSlot(seconds) + LOWEST_INDEX;
    }

    private static int nativeSlot(final double seconds)
    {
        final int found = Arrays.binarySearch(NATIVE_BOUNDS, seconds);
        final int slot = found >= 0 ? found : -found - 1;
        return Math.min(slot, NATIVE_BOUNDS.length - 1);
    }

    private static double[] nativeBounds()
    {
        final double[] bounds = new double[HIGHEST_INDEX - LOWEST_INDEX + 1];
        for (int index = LOWEST_INDEX; index <= HIGHEST_INDEX; index++)
        {
            bounds[index - LOWEST_INDEX] = Math.pow(2, index / (double)(1 << NATIVE_SCHEMA));
        }
        return bounds;
    }
}
