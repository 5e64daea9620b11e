package io.hotpath.core.state;

import io.hotpath.core.logic.Fnv1a64;
import net.openhft.hashing.LongHashFunction;

/**
 * Hashes large state for a snapshot's state hash in one pass over memory, allocating nothing.
 *
 * <p>Keyed tables hash as a multiset: each entry (key and data) is digested on its own and the
 * digests are summed, so the hash depends on what is stored, not on which slot holds it, and
 * needs neither a sort of the keys nor a lookup per key. Ordered structures chain their entries'
 * digests. The digests are xxHash3 (OpenHFT's zero-allocation implementation): a word at a time,
 * where byte-wise FNV-1a over tens of megabytes of state held the logic thread for most of a
 * snapshot.
 */
public final class StateHashing
{
    private static final LongHashFunction DIGEST = LongHashFunction.xx3();

    private StateHashing()
    {
    }

    /**
     * Adds the table's size and the sum of its entries' digests.
     */
    public static void hashSlots(final SlotTable table, final long[] data, final int stride, final Fnv1a64 hasher)
    {
        int count = 0;
        long sum = 0;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.inUse(slot))
            {
                count++;
                sum += DIGEST.hashLong(table.keyAt(slot) ^ DIGEST.hashLongs(data, slot * stride, stride));
            }
        }
        hasher.add(count).add(sum);
    }

    /**
     * @return the digest of the entries so far followed by one of {@code length} longs of {@code entry} from
     *         {@code offset}, for state kept in order (start from 0).
     */
    public static long chain(final long digest, final long[] entry, final int offset, final int length)
    {
        return DIGEST.hashLong(digest ^ DIGEST.hashLongs(entry, offset, length));
    }

    /**
     * @return the digest so far followed by {@code length} bytes of {@code bytes} from {@code offset}.
     */
    public static long chain(final long digest, final byte[] bytes, final int offset, final int length)
    {
        return DIGEST.hashLong(digest ^ DIGEST.hashBytes(bytes, offset, length));
    }
}
