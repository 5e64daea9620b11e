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
 *     for MINUTE, HOUR, DAY:  [ head epoch, count, amount ]               running totals of the window ending at head
 *     for MINUTE, HOUR, DAY:  [ epoch, count, amount ] x buckets of the window
 *                             (kept for the windows the key's type keeps, VelocityKey#keeps)
 *     distinct cards:         [ card fingerprint, last seen ] x DISTINCT_CARDS   (keys that remember cards only)
 * </pre>
 *
 * A bucket holds the payments of one epoch ({@code time / bucket length}); a window sums the
 * buckets of its last {@code buckets} epochs. An event older than its window is not counted.
 * Each window also keeps that sum as a running total for the newest epoch recorded (its head):
 * a read at the head's epoch, which is almost every read, costs one cache line instead of a pass
 * over every bucket, and a read later than the head subtracts only the buckets that slid out.
 * A read earlier than the head (command times going back) sums the buckets, as the totals would
 * otherwise have to be unwound. The running totals and the bucket sums read the same, always.
 *
 * <p>Distinct cards are exact up to {@link #DISTINCT_CARDS} per key and saturate there (the
 * least recently seen card gives way), which is where card testing is already plain. Only the
 * keys whose distinct cards a feature reads remember them ({@link VelocityKey#remembersCards()}).
 *
 * <p>A caller that reads a key and then records against it can {@link #find} its slot once and
 * pass it to both, with {@link #moves()} read at the find; the slot is trusted only while no key has
 * lost its slot since, so a slot another key took in between (evicting this one) is never written to.
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
    private static final int COUNT = 1;
    private static final int AMOUNT = 2;

    static
    {
        int offset = 3 * WINDOWS.length;
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
        record(-1, 0, type, key, amount, card, now);
    }

    /**
     * {@link #record(VelocityKey, long, long, long, long)} with the slot {@link #find} gave for the key, or -1, and what
     * {@link #moves()} gave with no record between it and that find.
     */
    public void record(final int slotHint, final long movesAtHint, final VelocityKey type, final long key, final long amount,
        final long card, final long now)
    {
        final int slot = table.acquire(slotKey(type, key), slotHint, movesAtHint);
        final int base = slot * STRIDE;
        if (table.acquiredNew())
        {
            Arrays.fill(data, base, base + STRIDE, 0);
            for (final VelocityWindow window : WINDOWS)
            {
                data[base + 3 * window.ordinal()] = Long.MIN_VALUE;
                final int start = base + WINDOW_OFFSET[window.ordinal()];
                for (int b = 0; b < window.buckets(); b++)
                {
                    data[start + 3 * b] = Long.MIN_VALUE;
                }
            }
        }
        for (final VelocityWindow window : WINDOWS)
        {
            if (!type.keeps(window))
            {
                continue;
            }
            final int buckets = window.buckets();
            final long epoch = Math.floorDiv(now, window.bucketNanos());
            final int start = base + WINDOW_OFFSET[window.ordinal()];
            final int head = base + 3 * window.ordinal();
            if (epoch > data[head])
            {
                advance(head, start, buckets, epoch);
            }
            final int bucket = start + 3 * (int)Math.floorMod(epoch, (long)buckets);
            if (data[bucket] < epoch)
            {
                data[bucket] = epoch;
                data[bucket + COUNT] = 0;
                data[bucket + AMOUNT] = 0;
            }
            if (data[bucket] == epoch)
            {
                data[bucket + COUNT]++;
                data[bucket + AMOUNT] += amount;
                if (epoch > data[head] - buckets)
                {
                    data[head + COUNT]++;
                    data[head + AMOUNT] += amount;
                }
            }
        }
        if (card != 0 && type.remembersCards())
        {
            rememberCard(base + DISTINCT_OFFSET, card, now);
        }
    }

    /**
     * @return the slot holding {@code key}, to pass to the reads and to {@link #record(int, VelocityKey, long, long, long, long)},
     *         or -1 if the store holds nothing for it.
     */
    public int find(final VelocityKey type, final long key)
    {
        return table.find(slotKey(type, key));
    }

    /**
     * @return payments counted against {@code key} in {@code window} up to command time {@code now}.
     * @throws IllegalArgumentException if the key's type does not keep the window.
     */
    public long count(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        kept(type, window);
        return count(find(type, key), window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key whose type keeps {@code window}, or -1.
     * @return payments counted against the slot's key in {@code window} up to command time {@code now}.
     */
    public long count(final int slot, final VelocityWindow window, final long now)
    {
        return slot < 0 ? 0 : sum(slot, window, now, COUNT);
    }

    /**
     * @return minor units counted against {@code key} in {@code window} up to command time {@code now}.
     * @throws IllegalArgumentException if the key's type does not keep the window.
     */
    public long amount(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        kept(type, window);
        return amount(find(type, key), window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key whose type keeps {@code window}, or -1.
     * @return minor units counted against the slot's key in {@code window} up to command time {@code now}.
     */
    public long amount(final int slot, final VelocityWindow window, final long now)
    {
        return slot < 0 ? 0 : sum(slot, window, now, AMOUNT);
    }

    /**
     * @return distinct cards seen with {@code key} in {@code window} up to command time {@code now},
     *         at most {@link #DISTINCT_CARDS}; 0 for a key type that does not remember cards.
     */
    public int distinctCards(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        return type.remembersCards() ? distinctCards(find(type, key), window, now) : 0;
    }

    /**
     * @param slot what {@link #find} gave for a key that remembers cards, or -1.
     */
    public int distinctCards(final int slot, final VelocityWindow window, final long now)
    {
        if (slot < 0)
        {
            return 0;
        }
        final int start = slot * STRIDE + DISTINCT_OFFSET;
        int distinct = 0;
        for (int i = 0; i < DISTINCT_CARDS; i++)
        {
            final int entry = start + 2 * i;
            if (data[entry] == 0)
            {
                break;
            }
            if (now - data[entry + 1] < window.nanos())
            {
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * @return true if {@code card} was seen with {@code key} in {@code window} up to command time {@code now}; false for a
     *         key type that does not remember cards.
     */
    public boolean hasCard(final VelocityKey type, final long key, final long card, final VelocityWindow window, final long now)
    {
        return type.remembersCards() && hasCard(find(type, key), card, window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key that remembers cards, or -1.
     */
    public boolean hasCard(final int slot, final long card, final VelocityWindow window, final long now)
    {
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
            if (data[entry] == 0)
            {
                return false;
            }
        }
        return false;
    }

    public long evictions()
    {
        return table.evictions();
    }

    /**
     * @return a count that moves whenever a key loses its slot: a slot {@link #find} gave is still the key's while this reads
     *         the same.
     */
    public long moves()
    {
        return table.moves();
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

    /**
     * @return the bytes {@link #writeState} writes now.
     */
    public long encodedBytes()
    {
        return table.encodedBytes(STRIDE);
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

    private long sum(final int slot, final VelocityWindow window, final long now, final int field)
    {
        final int base = slot * STRIDE;
        final int start = base + WINDOW_OFFSET[window.ordinal()];
        final int buckets = window.buckets();
        final long current = Math.floorDiv(now, window.bucketNanos());
        final long head = data[base + 3 * window.ordinal()];
        if (current == head)
        {
            return data[base + 3 * window.ordinal() + field];
        }
        if (current > head)
        {
            if (current - head >= buckets)
            {
                return 0;
            }
            return data[base + 3 * window.ordinal() + field] - slidOut(start, buckets, head, current, field);
        }
        long total = 0;
        for (int b = 0; b < buckets; b++)
        {
            final int bucket = start + 3 * b;
            final long epoch = data[bucket];
            if (epoch <= current && epoch > current - buckets)
            {
                total += data[bucket + field];
            }
        }
        return total;
    }

    /**
     * @return the sum of {@code field} over the buckets that slide out of a window when its head moves from epoch
     *         {@code from} to the later epoch {@code to} (fewer than the window's buckets apart).
     */
    private long slidOut(final int start, final int buckets, final long from, final long to, final int field)
    {
        long total = 0;
        for (long gone = from - buckets + 1; gone <= to - buckets; gone++)
        {
            final int bucket = start + 3 * (int)Math.floorMod(gone, (long)buckets);
            if (data[bucket] == gone)
            {
                total += data[bucket + field];
            }
        }
        return total;
    }

    /**
     * Moves a window's head forward to {@code epoch}, taking the buckets that slide out of its running totals.
     */
    private void advance(final int head, final int start, final int buckets, final long epoch)
    {
        final long from = data[head];
        if (from == Long.MIN_VALUE || epoch - from >= buckets)
        {
            data[head + COUNT] = 0;
            data[head + AMOUNT] = 0;
        }
        else
        {
            data[head + COUNT] -= slidOut(start, buckets, from, epoch, COUNT);
            data[head + AMOUNT] -= slidOut(start, buckets, from, epoch, AMOUNT);
        }
        data[head] = epoch;
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

    private static void kept(final VelocityKey type, final VelocityWindow window)
    {
        if (!type.keeps(window))
        {
            throw new IllegalArgumentException("velocity key " + type + " keeps no " + window + " window");
        }
    }

    private static long slotKey(final VelocityKey type, final long key)
    {
        return Mix.of(type.ordinal() + 1, key);
    }
}
