package io.hotpath.core.state;

import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;

/**
 * A fixed number of slots addressed by 64-bit keys. Free slots are taken first; when every slot is
 * taken, a new key evicts the slot a clock hand points at, which sweeps the slots in order, so
 * memory stays bounded whatever the traffic and eviction costs O(1).
 * The owner keeps each slot's data in its own preallocated arrays, indexed by slot.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class SlotTable
{
    private final Long2LongHashMap slots;
    private final long[] keys;
    private final boolean[] used;
    private final int[] free;
    private int freeCount;
    private int clock;
    private long evictions;
    private long moves;
    private boolean fresh;

    public SlotTable(final int capacity)
    {
        // Twice the capacity at the default load factor: the map never resizes.
        slots = new Long2LongHashMap(capacity * 2, 0.65f, -1);
        keys = new long[capacity];
        used = new boolean[capacity];
        free = new int[capacity];
        for (int slot = capacity - 1; slot >= 0; slot--)
        {
            free[freeCount++] = slot;
        }
    }

    public int capacity()
    {
        return keys.length;
    }

    /**
     * @return the slot of {@code key}, or -1.
     */
    public int find(final long key)
    {
        return (int)slots.get(key);
    }

    /**
     * @return the slot of {@code key}, taking one (evicting the oldest if need be) when it has none;
     *         {@code isNew(slot)} tells which.
     */
    public int acquire(final long key)
    {
        final int existing = (int)slots.get(key);
        if (existing >= 0)
        {
            fresh = false;
            return existing;
        }
        final int slot;
        if (freeCount > 0)
        {
            slot = free[--freeCount];
        }
        else
        {
            slot = clock;
            clock = clock + 1 == keys.length ? 0 : clock + 1;
            slots.remove(keys[slot]);
            evictions++;
            moves++;
        }
        used[slot] = true;
        keys[slot] = key;
        slots.put(key, slot);
        fresh = true;
        return slot;
    }

    /**
     * {@link #acquire(long)}, trusting {@code hint} without a lookup when no slot has given up its key since
     * {@link #moves()} read {@code movesAtHint}: the lookup and the check of the slot's key would each touch memory the
     * caller's own reads of the slot did not, which on a large table is a cache miss apiece.
     *
     * @param hint        what {@link #find} gave for {@code key}, or -1.
     * @param movesAtHint what {@link #moves()} gave with no acquire or release between it and that find.
     */
    public int acquire(final long key, final int hint, final long movesAtHint)
    {
        if (hint >= 0 && movesAtHint == moves)
        {
            fresh = false;
            return hint;
        }
        return acquire(key);
    }

    /**
     * @return how many times a slot has given up its key (evicted, released, or the table read from a snapshot); while it
     *         reads the same, every slot {@link #find} gave still holds its key.
     */
    public long moves()
    {
        return moves;
    }

    /**
     * Like {@link #acquire}, but never evicts: for entries that must stay until released.
     *
     * @return the slot of {@code key}, a free slot taken for it, or -1 when every slot is taken.
     */
    public int tryAcquire(final long key)
    {
        if (freeCount == 0 && slots.get(key) < 0)
        {
            return -1;
        }
        return acquire(key);
    }

    /**
     * @return slots in use.
     */
    public int size()
    {
        return keys.length - freeCount;
    }

    /**
     * @return true if the last {@link #acquire} took a new slot, whose data the owner must reset.
     */
    public boolean acquiredNew()
    {
        return fresh;
    }

    public void release(final long key)
    {
        final int slot = (int)slots.remove(key);
        if (slot >= 0)
        {
            moves++;
            used[slot] = false;
            free[freeCount++] = slot;
        }
    }

    public long evictions()
    {
        return evictions;
    }

    /**
     * @return the key in {@code slot}, valid when the slot is in use.
     */
    public long keyAt(final int slot)
    {
        return keys[slot];
    }

    public boolean inUse(final int slot)
    {
        return used[slot];
    }

    /**
     * @return the bytes {@link #writeState} writes for the table as it is now.
     */
    public long encodedBytes(final int stride)
    {
        return 5L * Integer.BYTES + Long.BYTES + (long)freeCount * Integer.BYTES + size() * rowBytes(stride);
    }

    /**
     * @return the bytes {@link #writeState} writes a slot in use: its number, its key and its data.
     */
    private static long rowBytes(final int stride)
    {
        return Integer.BYTES + Long.BYTES + (long)stride * Long.BYTES;
    }

    /**
     * Writes the table as it is (which key holds which slot, the free slots in the order they will
     * be taken, the clock hand) and, for each slot in use, its {@code stride} longs of
     * {@code data}: read back, the table takes and evicts slots exactly as this one would.
     */
    public void writeState(final StateWriter out, final long[] data, final int stride)
    {
        out.putInt(keys.length).putInt(stride).putInt(clock).putLong(evictions).putInt(freeCount);
        for (int i = 0; i < freeCount; i++)
        {
            out.putInt(free[i]);
        }
        out.putInt(size()).reserve(size() * rowBytes(stride));
        for (int slot = 0; slot < keys.length; slot++)
        {
            if (used[slot])
            {
                out.putInt(slot).putLong(keys[slot]).putLongs(data, slot * stride, stride);
            }
        }
    }

    /**
     * Replaces the table and {@code data} with what {@link #writeState} wrote.
     *
     * @throws StateFormatException if it was written with another capacity or stride.
     */
    public void readState(final StateReader in, final long[] data, final int stride)
    {
        in.expect(keys.length, "slot table capacity");
        in.expect(stride, "slot table stride");
        final int hand = in.getCount(keys.length - 1, "clock hand");
        final long evicted = in.getLong();
        final int freeSlots = in.getCount(keys.length, "free slots");
        slots.clear();
        Arrays.fill(used, false);
        Arrays.fill(keys, 0);
        for (int i = 0; i < freeSlots; i++)
        {
            free[i] = in.getCount(keys.length - 1, "free slot");
        }
        final int inUse = in.getCount(keys.length - freeSlots, "slots in use");
        for (int i = 0; i < inUse; i++)
        {
            final int slot = in.getCount(keys.length - 1, "slot");
            keys[slot] = in.getLong();
            used[slot] = true;
            slots.put(keys[slot], slot);
            for (int j = slot * stride; j < (slot + 1) * stride; j++)
            {
                data[j] = in.getLong();
            }
        }
        freeCount = freeSlots;
        clock = hand;
        evictions = evicted;
        moves++;
    }
}
