package io.hotpath.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.Fnv1a64;
import org.junit.jupiter.api.Test;

class StateHashingTest
{
    private static final int STRIDE = 2;

    @Test
    void shouldHashATableByWhatItHoldsNotByWhichSlotHoldsIt()
    {
        assertThat(hash(new long[] {1, 2, 3}, new long[] {10, 20, 30}))
            .isEqualTo(hash(new long[] {3, 1, 2}, new long[] {30, 10, 20}));
    }

    @Test
    void shouldTellTablesApartByAKeyAValueOrWhichKeyHoldsWhichValue()
    {
        final long hash = hash(new long[] {1, 2, 3}, new long[] {10, 20, 30});
        assertThat(hash(new long[] {1, 2, 4}, new long[] {10, 20, 30})).isNotEqualTo(hash);
        assertThat(hash(new long[] {1, 2, 3}, new long[] {10, 20, 31})).isNotEqualTo(hash);
        assertThat(hash(new long[] {1, 2, 3}, new long[] {20, 10, 30})).as("values swapped between keys").isNotEqualTo(hash);
        assertThat(hash(new long[] {1, 2}, new long[] {10, 20})).isNotEqualTo(hash);
        assertThat(hash(new long[0], new long[0])).isNotEqualTo(hash);
    }

    @Test
    void shouldChainEntriesInTheirOrder()
    {
        final long[] entries = {1, 2, 3, 4};
        final long forward = StateHashing.chain(StateHashing.chain(0, entries, 0, 2), entries, 2, 2);
        final long backward = StateHashing.chain(StateHashing.chain(0, entries, 2, 2), entries, 0, 2);
        assertThat(forward).isNotEqualTo(backward);
        assertThat(StateHashing.chain(StateHashing.chain(0, entries, 0, 2), entries, 2, 2)).isEqualTo(forward);
        final byte[] bytes = {1, 2, 3};
        assertThat(StateHashing.chain(forward, bytes, 0, 3)).isNotEqualTo(StateHashing.chain(forward, bytes, 0, 2));
    }

    /**
     * Keys stored in the order given, each with its value and the value plus one.
     */
    private static long hash(final long[] keys, final long[] values)
    {
        final SlotTable table = new SlotTable(8);
        final long[] data = new long[8 * STRIDE];
        for (int i = 0; i < keys.length; i++)
        {
            final int slot = table.acquire(keys[i]);
            data[slot * STRIDE] = values[i];
            data[slot * STRIDE + 1] = values[i] + 1;
        }
        final Fnv1a64 hasher = new Fnv1a64();
        StateHashing.hashSlots(table, data, STRIDE, hasher);
        return hasher.hash();
    }
}
