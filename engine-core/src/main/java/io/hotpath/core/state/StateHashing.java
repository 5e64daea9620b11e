package io.hotpath.core.state;

import io.hotpath.core.logic.Fnv1a64;
import java.util.Arrays;

/**
 * Hashes keyed slot data in key order, so the hash depends on what is stored, not on which slot
 * holds it.
 */
public final class StateHashing
{
    private StateHashing()
    {
    }

    /**
     * @param scratch at least {@code table.capacity()} longs.
     */
    public static void hashSlots(final SlotTable table, final long[] data, final int stride, final Fnv1a64 hasher, final long[] scratch)
    {
        int count = 0;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.inUse(slot))
            {
                scratch[count++] = table.keyAt(slot);
            }
        }
        Arrays.sort(scratch, 0, count);
        hasher.add(count);
        for (int i = 0; i < count; i++)
        {
            final int base = table.find(scratch[i]) * stride;
            hasher.add(scratch[i]);
            for (int j = base; j < base + stride; j++)
            {
                hasher.add(data[j]);
            }
        }
    }
}
