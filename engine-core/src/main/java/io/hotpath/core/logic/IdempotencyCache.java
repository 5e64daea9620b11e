package io.hotpath.core.logic;

import io.hotpath.core.state.Mix;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The results of commands sent with an idempotency key, per (tenant, key), so that a retry gets
 * the first result, byte for byte, and is not applied again. Oldest first, in a ring of entries
 * over a ring of bytes: an entry gives way when it is older than the window (judged on command
 * time), or to make room for a newer one. It is shard state, rebuilt by the journal's commands and
 * held in snapshots, so it holds across a restart, and a replay reproduces every answer.
 *
 * <pre>
 *   entries, oldest first:  key | time | offset | length
 *   bytes:   [.. newest results ..|free|.. oldest results ..]   or   [free|.. oldest .. newest ..|free]
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. The byte ring is allocated at the first
 * keyed command, so a shard that never sees one holds none; nothing is allocated after.
 */
final class IdempotencyCache
{
    private final IdempotencyLimits limits;
    private final Long2LongHashMap index;
    private final long[] keys;
    private final long[] times;
    private final int[] offsets;
    private final int[] lengths;
    private final long[] hashEntry = new long[3];
    private byte[] bytes;
    private int head;
    private int count;
    private int writeAt;
    private int heldBytes;
    private long hits;

    IdempotencyCache(final IdempotencyLimits limits)
    {
        this.limits = limits;
        index = new Long2LongHashMap(limits.maxEntries() * 2, 0.65f, -1);
        keys = new long[limits.maxEntries()];
        times = new long[limits.maxEntries()];
        offsets = new int[limits.maxEntries()];
        lengths = new int[limits.maxEntries()];
    }

    static long key(final long tenantId, final long idempotencyKey)
    {
        return Mix.of(tenantId, idempotencyKey);
    }

    /**
     * Copies the remembered result of {@code key} into {@code result}, if it is within the window at {@code now}.
     *
     * @return its length, or -1.
     */
    int find(final long key, final long now, final MutableDirectBuffer result)
    {
        final int entry = (int)index.get(key);
        if (entry < 0 || now - times[entry] > limits.window())
        {
            return -1;
        }
        hits++;
        result.putBytes(0, bytes, offsets[entry], lengths[entry]);
        return lengths[entry];
    }

    /**
     * Remembers the result of a keyed command applied at {@code now}. A result larger than half
     * the byte ring is not remembered: a retry of it is applied again.
     */
    void put(final long key, final long now, final DirectBuffer result, final int length)
    {
        if (length > limits.maxBytes() / 2)
        {
            return;
        }
        while (count > 0 && now - times[head] > limits.window())
        {
            evictHead();
        }
        if (index.get(key) >= 0)
        {
            return;
        }
        if (bytes == null)
        {
            bytes = new byte[limits.maxBytes()];
        }
        if (count == keys.length)
        {
            evictHead();
        }
        final int at = place(length);
        final int entry = (head + count) % keys.length;
        result.getBytes(0, bytes, at, length);
        keys[entry] = key;
        times[entry] = now;
        offsets[entry] = at;
        lengths[entry] = length;
        index.put(key, entry);
        writeAt = at + length;
        heldBytes += length;
        count++;
    }

    /**
     * @return retries answered from the cache.
     */
    long hits()
    {
        return hits;
    }

    void hashInto(final Fnv1a64 hasher)
    {
        long digest = 0;
        for (int i = 0; i < count; i++)
        {
            final int entry = (head + i) % keys.length;
            hashEntry[0] = keys[entry];
            hashEntry[1] = times[entry];
            hashEntry[2] = offsets[entry];
            digest = StateHashing.chain(StateHashing.chain(digest, hashEntry, 0, hashEntry.length), bytes, offsets[entry], lengths[entry]);
        }
        hasher.add(count).add(writeAt).add(digest);
    }

    /**
     * Writes the entries, oldest first, with where each sits in the byte ring: what gives way next
     * depends on it.
     */
    /**
     * @return the bytes {@link #writeState} writes now.
     */
    long encodedBytes()
    {
        return 4L * Integer.BYTES + Long.BYTES + count * (2L * Long.BYTES + 2 * Integer.BYTES) + heldBytes;
    }

    void writeState(final StateWriter out)
    {
        out.putInt(keys.length).putInt(limits.maxBytes()).putLong(hits).putInt(writeAt).putInt(count);
        for (int i = 0; i < count; i++)
        {
            final int entry = (head + i) % keys.length;
            out.putLong(keys[entry]).putLong(times[entry]).putInt(offsets[entry]).putBytes(bytes, offsets[entry], lengths[entry]);
        }
    }

    void readState(final StateReader in)
    {
        in.expect(keys.length, "idempotency entries");
        in.expect(limits.maxBytes(), "idempotency bytes");
        hits = in.getLong();
        writeAt = in.getCount(limits.maxBytes(), "idempotency write position");
        final int entries = in.getCount(keys.length, "idempotency entries held");
        index.clear();
        head = 0;
        count = 0;
        heldBytes = 0;
        for (int i = 0; i < entries; i++)
        {
            keys[i] = in.getLong();
            times[i] = in.getLong();
            offsets[i] = in.getCount(limits.maxBytes(), "idempotency offset");
            final byte[] result = in.getBytes();
            if (bytes == null)
            {
                bytes = new byte[limits.maxBytes()];
            }
            System.arraycopy(result, 0, bytes, offsets[i], result.length);
            lengths[i] = result.length;
            heldBytes += result.length;
            index.put(keys[i], i);
            count++;
        }
    }

    /**
     * @return where {@code length} bytes go, evicting the oldest entries until they fit.
     */
    private int place(final int length)
    {
        while (count > 0)
        {
            final int headOffset = offsets[head];
            if (writeAt > headOffset)
            {
                // The live results run from the oldest's offset up to the write position.
                if (writeAt + length <= bytes.length)
                {
                    return writeAt;
                }
                if (length <= headOffset)
                {
                    return 0;
                }
            }
            else if (writeAt + length <= headOffset)
            {
                // Wrapped: the free run is from the write position up to the oldest.
                return writeAt;
            }
            evictHead();
        }
        return 0;
    }

    private void evictHead()
    {
        index.remove(keys[head]);
        heldBytes -= lengths[head];
        head = (head + 1) % keys.length;
        count--;
        if (count == 0)
        {
            head = 0;
            writeAt = 0;
        }
    }
}
