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
 *   slot layout (longs), each key type laying out only what it keeps (VelocityKey#keeps, #remembersCards):
 *     for each window kept:   [ head epoch, count, amount ]               running totals of the window ending at head
 *     for each window kept:   [ epoch, count, amount ] x buckets of the window
 *     if it remembers cards:  [ card fingerprint, last seen ] x DISTINCT_CARDS
 * </pre>
 *
 * Every slot is as long as the longest type's layout (a card's hour and day, 114 longs), as the
 * types share one table of slots; a slot laid out for every window and the card memory at once
 * would take 185, so the store would be 60% larger and a new key would clear 60% more.
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

    private static final VelocityKey[] TYPES = VelocityKey.values();
    private static final VelocityWindow[] WINDOWS = VelocityWindow.values();
    private static final int NOT_KEPT = -1;
    /** Where a window's head lies in a slot of a type, at {@code [type * WINDOWS.length + window]}, or NOT_KEPT. */
    private static final int[] HEAD_OFFSET = new int[TYPES.length * WINDOWS.length];
    /** Where a window's first bucket lies in a slot of a type, at {@code [type * WINDOWS.length + window]}, or NOT_KEPT. */
    private static final int[] BUCKET_OFFSET = new int[TYPES.length * WINDOWS.length];
    /** Where the card memory lies in a slot of a type, or NOT_KEPT. */
    private static final int[] CARDS_OFFSET = new int[TYPES.length];
    private static final int STRIDE;
    private static final int COUNT = 1;
    private static final int AMOUNT = 2;
    private static final int LONGS_PER_LINE = 8;

    static
    {
        Arrays.fill(HEAD_OFFSET, NOT_KEPT);
        Arrays.fill(BUCKET_OFFSET, NOT_KEPT);
        Arrays.fill(CARDS_OFFSET, NOT_KEPT);
        int stride = 0;
        for (final VelocityKey type : TYPES)
        {
            // The heads of the windows kept first, so a read at the head's epoch touches the slot's first line.
            int offset = 0;
            for (final VelocityWindow window : WINDOWS)
            {
                if (type.keeps(window))
                {
                    HEAD_OFFSET[layoutIndex(type, window)] = offset;
                    offset += 3;
                }
            }
            for (final VelocityWindow window : WINDOWS)
            {
                if (type.keeps(window))
                {
                    BUCKET_OFFSET[layoutIndex(type, window)] = offset;
                    offset += 3 * window.buckets();
                }
            }
            if (type.remembersCards())
            {
                CARDS_OFFSET[type.ordinal()] = offset;
                offset += 2 * DISTINCT_CARDS;
            }
            stride = Math.max(stride, offset);
        }
        STRIDE = stride;
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
            clear(base, type);
        }
        for (final VelocityWindow window : WINDOWS)
        {
            final int layout = layoutIndex(type, window);
            if (HEAD_OFFSET[layout] == NOT_KEPT)
            {
                continue;
            }
            final int buckets = window.buckets();
            final long epoch = Math.floorDiv(now, window.bucketNanos());
            final int head = base + HEAD_OFFSET[layout];
            final int start = base + BUCKET_OFFSET[layout];
            if (epoch > data[head])
            {
                advance(head, start, buckets, epoch);
            }
            final int bucket = bucketAt(start, buckets, epoch);
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
        final int cards = CARDS_OFFSET[type.ordinal()];
        if (card != 0 && cards != NOT_KEPT)
        {
            rememberCard(base + cards, card, now);
        }
    }

    /**
     * Loads the cache lines a payment reads and then writes in {@code slot}: the heads of its windows, the bucket of
     * {@code now} in each, and its card memory. A payment's keys lie in slots spread over the whole store, so each is a
     * miss; loaded here for every key in a row, with nothing between them that depends on them, they are in flight at
     * once, where the reads and writes that follow would otherwise wait for them one key after another.
     *
     * @param slot what {@link #find} gave for a key of {@code type}, or -1.
     * @return a value made of what was loaded, for the caller to keep, so that the loads are not left out as unused.
     */
    public long touch(final VelocityKey type, final int slot, final long now)
    {
        if (slot < 0)
        {
            return 0;
        }
        final int base = slot * STRIDE;
        long loaded = data[base];
        for (final VelocityWindow window : WINDOWS)
        {
            final int layout = layoutIndex(type, window);
            if (BUCKET_OFFSET[layout] != NOT_KEPT)
            {
                final long epoch = Math.floorDiv(now, window.bucketNanos());
                loaded ^= data[bucketAt(base + BUCKET_OFFSET[layout], window.buckets(), epoch)];
            }
        }
        final int cards = CARDS_OFFSET[type.ordinal()];
        if (cards != NOT_KEPT)
        {
            for (int line = 0; line < 2 * DISTINCT_CARDS; line += LONGS_PER_LINE)
            {
                loaded ^= data[base + cards + line];
            }
        }
        return loaded;
    }

    /**
     * @return the slot holding {@code key}, to pass to the reads and to {@link #record(int, long, VelocityKey, long, long, long, long)},
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
        return countInSlot(type, find(type, key), window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key of {@code type}, or -1.
     * @return payments counted against the slot's key in {@code window} up to command time {@code now}; 0 if its type
     *         does not keep the window.
     */
    public long countInSlot(final VelocityKey type, final int slot, final VelocityWindow window, final long now)
    {
        return sum(type, slot, window, now, COUNT);
    }

    /**
     * @return minor units counted against {@code key} in {@code window} up to command time {@code now}.
     * @throws IllegalArgumentException if the key's type does not keep the window.
     */
    public long amount(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        kept(type, window);
        return amountInSlot(type, find(type, key), window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key of {@code type}, or -1.
     * @return minor units counted against the slot's key in {@code window} up to command time {@code now}; 0 if its type
     *         does not keep the window.
     */
    public long amountInSlot(final VelocityKey type, final int slot, final VelocityWindow window, final long now)
    {
        return sum(type, slot, window, now, AMOUNT);
    }

    /**
     * @return distinct cards seen with {@code key} in {@code window} up to command time {@code now},
     *         at most {@link #DISTINCT_CARDS}; 0 for a key type that does not remember cards.
     */
    public int distinctCards(final VelocityKey type, final long key, final VelocityWindow window, final long now)
    {
        return distinctCardsInSlot(type, find(type, key), window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key of {@code type}, or -1.
     * @return as {@link #distinctCards(VelocityKey, long, VelocityWindow, long)}.
     */
    public int distinctCardsInSlot(final VelocityKey type, final int slot, final VelocityWindow window, final long now)
    {
        final int cards = CARDS_OFFSET[type.ordinal()];
        if (slot < 0 || cards == NOT_KEPT)
        {
            return 0;
        }
        final int start = slot * STRIDE + cards;
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
        return hasCardInSlot(type, find(type, key), card, window, now);
    }

    /**
     * @param slot what {@link #find} gave for a key of {@code type}, or -1.
     * @return as {@link #hasCard(VelocityKey, long, long, VelocityWindow, long)}.
     */
    public boolean hasCardInSlot(final VelocityKey type, final int slot, final long card, final VelocityWindow window,
        final long now)
    {
        final int cards = CARDS_OFFSET[type.ordinal()];
        if (slot < 0 || card == 0 || cards == NOT_KEPT)
        {
            return false;
        }
        final int start = slot * STRIDE + cards;
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

    /**
     * @return the bytes of one key's slot: every key takes the longest type's layout.
     */
    public static int slotBytes()
    {
        return STRIDE * Long.BYTES;
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

    private long sum(final VelocityKey type, final int slot, final VelocityWindow window, final long now, final int field)
    {
        final int layout = layoutIndex(type, window);
        if (slot < 0 || HEAD_OFFSET[layout] == NOT_KEPT)
        {
            return 0;
        }
        final int base = slot * STRIDE;
        final int headAt = base + HEAD_OFFSET[layout];
        final int start = base + BUCKET_OFFSET[layout];
        final int buckets = window.buckets();
        final long current = Math.floorDiv(now, window.bucketNanos());
        final long head = data[headAt];
        if (current == head)
        {
            return data[headAt + field];
        }
        if (current > head)
        {
            if (current - head >= buckets)
            {
                return 0;
            }
            return data[headAt + field] - slidOut(start, buckets, head, current, field);
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
            final int bucket = bucketAt(start, buckets, gone);
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

    /**
     * Empties a slot newly given to a key of {@code type}: the whole slot, so a slot's state depends on its key alone and not
     * on the type that held it before.
     */
    private void clear(final int base, final VelocityKey type)
    {
        Arrays.fill(data, base, base + STRIDE, 0);
        for (final VelocityWindow window : WINDOWS)
        {
            final int layout = layoutIndex(type, window);
            if (HEAD_OFFSET[layout] == NOT_KEPT)
            {
                continue;
            }
            data[base + HEAD_OFFSET[layout]] = Long.MIN_VALUE;
            final int start = base + BUCKET_OFFSET[layout];
            for (int b = 0; b < window.buckets(); b++)
            {
                data[start + 3 * b] = Long.MIN_VALUE;
            }
        }
    }

    private static int layoutIndex(final VelocityKey type, final VelocityWindow window)
    {
        return type.ordinal() * WINDOWS.length + window.ordinal();
    }

    /**
     * @return where the bucket of {@code epoch} lies, in a window whose {@code buckets} buckets start at {@code start}.
     */
    private static int bucketAt(final int start, final int buckets, final long epoch)
    {
        return start + 3 * (int)Math.floorMod(epoch, (long)buckets);
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
