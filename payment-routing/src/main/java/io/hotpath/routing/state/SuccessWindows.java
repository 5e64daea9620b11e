package io.hotpath.routing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.routing.config.SuccessRateSettings;
import java.util.Arrays;

/**
 * Success-rate windows per (tenant, processor, segment): a ring of buckets per window, each closed
 * by count ({@code bucket-size}) or by time ({@code bucket-duration}), whichever comes first, and
 * weighted by recency when read. Buckets older than the whole window no longer count.
 *
 * <pre>
 *   window slot layout (longs):  [ current bucket ][ total, successes, start, latency sum ] x MAX_BUCKETS
 *
 *   rate = sum(weight[age] * successes) / sum(weight[age] * total), in parts per million,
 *   or the default rate while the window holds fewer than min-samples outcomes;
 *   mean latency = sum(weight[age] * latency sum) / sum(weight[age] * total), in microseconds.
 * </pre>
 *
 * <p>Integer arithmetic throughout, so replays reproduce every rate exactly. Not thread-safe;
 * owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class SuccessWindows
{
    /** Most buckets a window may have. */
    public static final int MAX_BUCKETS = 16;
    private static final int BUCKET = 4;
    private static final int STRIDE = 1 + BUCKET * MAX_BUCKETS;
    /** Latencies above this (one minute) count as this, so weighted sums cannot overflow. */
    private static final long MAX_LATENCY_MICROS = 60_000_000L;

    private final SlotTable table;
    private final long[] data;
    private long lastMeanLatencyMicros;

    public SuccessWindows(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    /**
     * Counts one outcome at command time {@code now}.
     */
    public void record(
        final long key, final SuccessRateSettings settings, final boolean success, final long latencyMicros, final long now)
    {
        final int slot = table.acquire(key);
        final int base = slot * STRIDE;
        if (table.acquiredNew())
        {
            Arrays.fill(data, base, base + STRIDE, 0);
            data[base + 3] = now;
        }
        int current = (int)data[base];
        int bucket = base + 1 + current * BUCKET;
        if (data[bucket] >= settings.bucketSize() || now - data[bucket + 2] >= settings.bucketNanos())
        {
            current = current + 1 == settings.buckets() ? 0 : current + 1;
            data[base] = current;
            bucket = base + 1 + current * BUCKET;
            data[bucket] = 0;
            data[bucket + 1] = 0;
            data[bucket + 2] = now;
            data[bucket + 3] = 0;
        }
        data[bucket]++;
        data[bucket + 3] += Math.max(0, Math.min(latencyMicros, MAX_LATENCY_MICROS));
        if (success)
        {
            data[bucket + 1]++;
        }
    }

    /**
     * @return the recency-weighted success rate at command time {@code now}, in parts per million;
     *         {@link #lastMeanLatencyMicros()} then holds the window's mean latency.
     */
    public int ratePpm(final long key, final SuccessRateSettings settings, final long now)
    {
        lastMeanLatencyMicros = 0;
        final int slot = table.find(key);
        if (slot < 0)
        {
            return settings.defaultRatePpm();
        }
        final int base = slot * STRIDE;
        final int buckets = settings.buckets();
        final long horizon = buckets * settings.bucketNanos();
        final long[] weights = settings.weightsPpm();
        long samples = 0;
        long weightedTotal = 0;
        long weightedSuccesses = 0;
        long weightedLatency = 0;
        int index = (int)data[base];
        for (int age = 0; age < buckets; age++)
        {
            final int bucket = base + 1 + index * BUCKET;
            if (data[bucket] > 0 && now - data[bucket + 2] < horizon)
            {
                samples += data[bucket];
                weightedTotal += weights[age] * data[bucket];
                weightedSuccesses += weights[age] * data[bucket + 1];
                weightedLatency += weights[age] / 1_000 * data[bucket + 3];
            }
            index = index == 0 ? buckets - 1 : index - 1;
        }
        if (weightedTotal >= 1_000)
        {
            lastMeanLatencyMicros = weightedLatency / (weightedTotal / 1_000);
        }
        if (samples < settings.minSamples() || weightedTotal == 0)
        {
            return settings.defaultRatePpm();
        }
        return (int)(weightedSuccesses * 1_000_000 / weightedTotal);
    }

    /**
     * @return the recency-weighted mean latency of the window last read by {@link #ratePpm}, in
     *         microseconds; 0 when it holds no outcome.
     */
    public long lastMeanLatencyMicros()
    {
        return lastMeanLatencyMicros;
    }

    /**
     * @return keys held at most.
     */
    public int capacity()
    {
        return table.capacity();
    }

    public long evictions()
    {
        return table.evictions();
    }

    /**
     * Writes every slot as it is, for a snapshot.
     */
    public void writeState(final StateWriter out)
    {
        table.writeState(out, data, STRIDE);
    }

    /**
     * @return the bytes {@link #writeState} writes now.
     */
    public long encodedBytes()
    {
        return table.encodedBytes(STRIDE);
    }

    /**
     * Replaces every slot with what {@link #writeState} wrote.
     */
    public void readState(final StateReader in)
    {
        table.readState(in, data, STRIDE);
    }

    /**
     * Adds every window, in slot-key order independent of history, to {@code hasher}.
     */
    public void hashInto(final Fnv1a64 hasher)
    {
        StateHashing.hashSlots(table, data, STRIDE, hasher);
    }
}
