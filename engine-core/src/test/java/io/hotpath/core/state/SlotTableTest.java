package io.hotpath.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotTableTest
{
    private final SlotTable table = new SlotTable(2);

    @Test
    void shouldTrustAHintWhileNoKeyHasLostItsSlot()
    {
        final int one = table.acquire(1);
        final int hint = table.find(1);
        final long moves = table.moves();
        table.acquire(2);

        assertThat(table.acquire(1, hint, moves)).isEqualTo(one);
        assertThat(table.acquiredNew()).isFalse();
        assertThat(table.acquire(3, -1, moves)).as("no hint: a key without a slot takes one").isNotNegative();
        assertThat(table.acquiredNew()).isTrue();
    }

    @Test
    void shouldLookUpAgainWhenAKeyWasEvictedSinceTheHint()
    {
        table.acquire(1);
        table.acquire(2);
        final int hintForOne = table.find(1);
        final long moves = table.moves();
        final int three = table.acquire(3);
        assertThat(three).as("the clock hand evicts key 1 for key 3").isEqualTo(hintForOne);
        assertThat(table.moves()).isNotEqualTo(moves);

        final int one = table.acquire(1, hintForOne, moves);

        assertThat(table.acquiredNew()).as("key 1 lost its slot, so it takes a new one").isTrue();
        assertThat(table.find(3)).as("key 3 keeps the slot the stale hint pointed at").isEqualTo(three).isNotEqualTo(one);
    }

    @Test
    void shouldCountAReleaseAndAStateReadAsMoves()
    {
        table.acquire(1);
        final long before = table.moves();
        table.release(1);
        assertThat(table.moves()).isEqualTo(before + 1);
        table.release(1);
        assertThat(table.moves()).as("releasing a key without a slot moves nothing").isEqualTo(before + 1);

        table.acquire(2);
        final long[] data = new long[2];
        final StateWriter out = new StateWriter(256);
        table.writeState(out, data, 1);
        final long written = table.moves();
        table.readState(new StateReader().wrap(out.buffer(), 0, out.position()), data, 1);

        assertThat(table.moves()).isEqualTo(written + 1);
        assertThat(table.find(2)).isNotNegative();
    }
}
