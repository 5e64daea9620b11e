package io.hotpath.fraud.velocity;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.Mix;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;

/**
 * Counts and amounts per key over sliding windows of command time, and the distinct cards seen
 * per key, in a fixed number of slots: when every slot is taken, a new key evicts the one a clock
 * hand points at, so memory stays bounded whatever the traffic.
 *
 * <pre>
 *   slot layout (longs):
 *     for MINUTE, HOUR, DAY:  [ epoch, count, amount ] x buckets of the window
 *     distinct cards:         [ card fingerprint, last seen ] x DISTINCT_CARDS
 * </pre>
 *
 * A bucket holds the payments of one epoch ({@code time / bucket length}); a window sums the
 * buckets of its last {@code buckets} epochs. An event older than its window is not counted.
 * Distinct cards are exact up to {@link #DISTINCT_CARDS} per key and saturate there (the
 * least recently seen card gives way), which is where card testing is already plain.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Updates and reads allocate nothing.
 */
public final class VelocityStore
{
    /** Distinct cards remembered per key. */
    public static final int DISTINCT_CARDS = 16;

    private static final VelocityWindow[] WINDOWS = VelocityWindow.values();
    private static final int[] WINDOW_OFFSET = new int[WINDOWS.length];
    private static final int DISTINCT_OFFSET;
    private static final int STRIDE;

    static
    {
        int offset = 0;
        for (final VelocityWindow window : WINDOWS)
        {
            WINDOW_OFFSET[window.ordinal()] = offset;
            offset += 3 * window.buckets();
        }
        DISTINCT_OFFSET = offset;
        STRIDE = offset + 2 * DISTINCT_CARDS;
    }

    private final SlotTable table;
    private final long[] data;

    /**
     * @param capacity keys held, across every {@link VelocityKey}.
     */
    public VelocityStore(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    /**
     * Counts one payment of {@code amount} minor units, with card {@code card}, against {@code key}
     * at command time {@code now}.
     */
    public void record(final VelocityKey type, final long key, final long amount, final long card, final long now)
    {
        final int slot = table.acquire(slotKey(type, key));
        final int base = slot * STRIDE;
        if (table.acquiredNew())
        {
            Arrays.fill(data, base, base + STRIDE, 0);
            for (final VelocityWindow window : WINDOWS)
            {
                final int start = base + WINDOW_OFFSET[window.ordinal()];
                for (int b = 0; b < window.buckets(); b++)
                {
                    data[start + 3 * b] = Long.MIN_VALUE;
                }
            }
        }
        for (final VelocityWindow window : WINDOWS)
        {
            final long epoch = Math.floorDiv(now, window.bucketNanos());
            final int bucket = base + WINDOW_OFFSET[window.ordinal()] + 3 * (int)Math.floorMod(epoch, (long)window.buckets());
            if (data[bucket] < epoch)
            {
                data[bucket] = epoch;
                data[bucket + 1] = 0;
                data[bucket + 2] = 0;
            }
            if (data[bucket] == epoch)
            {
                data[bucket + 1]++;
                data[bucket + 2] += amount;
            }
        }
        if (card != 0)
        {
            rememberCard(base + DISTINCT_OFFSET, card, now);
        }
    }

    /**
     * @return payments counted against {@code key} in {@code window} up to command time {@code now}.
     */
    public long count(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        return sum(type, key, window, now, 1);
    }

    /**
     * @return minor units counted against {@code key} in {@code window} up to command time {@code now}.
     */
    public long amount(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        return sum(type, key, window, now, 2);
    }

    /**
     * @return distinct cards seen with {@code key} in {@code window} up to command time {@code now},
     *         at most {@link #DISTINCT_CARDS}.
     */
    public int distinctCards(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        final int slot = table.find(slotKey(type, key));
        if (slot < 0)
        {
            return 0;
        }
        final int start = slot * STRIDE + DISTINCT_OFFSET;
        int distinct = 0;
        for (int i = 0; i < DISTINCT_CARDS; i++)
        {
            final int entry = start + 2 * i;
            if (data[entry] != 0 && now - data[entry + 1] < window.nanos())
            {
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * @return true if {@code card} was seen with {@code key} in {@code window} up to command time {@code now}.
     */
    public boolean hasCard(final VelocityKey type, final long key, final long card, final VelocityWindow window, final long now)
    {
        final int slot = table.find(slotKey(type, key));
        if (slot < 0 || card == 0)
        {
            return false;
        }
        final int start = slot * STRIDE + DISTINCT_OFFSET;
        for (int i = 0; i < DISTINCT_CARDS; i++)
        {
            final int entry = start + 2 * i;
            if (data[entry] == card)
            {
                return now - data[entry + 1] < window.nanos();
            }
        }
        return false;
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
     * Replaces every slot with what {@link #writeState} wrote.
     */
    public void readState(final StateReader in)
    {
        table.readState(in, data, STRIDE);
    }

    public void hashInto(final Fnv1a64 hasher)
    {
        StateHashing.hashSlots(table, data, STRIDE, hasher);
    }

    /**
     * @return how many keys the store holds at most.
     */
    public int capacity()
    {
        return table.capacity();
    }

    private long sum(final VelocityKey type, final long key, final VelocityWindow window, final long now, final int field)
    {
        final int slot = table.find(slotKey(type, key));
        if (slot < 0)
        {
            return 0;
        }
        final int start = slot * STRIDE + WINDOW_OFFSET[window.ordinal()];
        final long current = Math.floorDiv(now, window.bucketNanos());
        long total = 0;
        for (int b = 0; b < window.buckets(); b++)
        {
            final int bucket = start + 3 * b;
            final long epoch = data[bucket];
            if (epoch <= current && epoch > current - window.buckets())
            {
                total += data[bucket + field];
            }
        }
        return total;
    }

    private void rememberCard(final int start, final long card, final long now)
    {
        int oldest = start;
        for (int i = 0; i < DISTINCT_CARDS; i++)
        {
            final int entry = start + 2 * i;
            if (data[entry] == card)
            {
                data[entry + 1] = Math.max(data[entry + 1], now);
                return;
            }
            if (data[entry] == 0)
            {
                oldest = entry;
                break;
            }
            if (data[entry + 1] < data[oldest + 1])
            {
                oldest = entry;
            }
        }
        data[oldest] = card;
        data[oldest + 1] = now;
    }

    private static long slotKey(final VelocityKey type, final long key)
    {
        return Mix.of(type.ordinal() + 1, key);
    }
}
