package io.hotpath.pricing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.Mix;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;

/**
 * Each tenant's latest mid rates, per (base, quote) currency pair, as they arrived: billionths of
 * the quote currency's major unit per major unit of the base currency, and when.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class FxRates
{
    /** Highest mid rate: 100,000 units of one currency per unit of another, in billionths. */
    public static final long MAX_RATE = 100_000L * 1_000_000_000L;
    /** Lowest mid rate: a millionth, in billionths. */
    public static final long MIN_RATE = 1_000L;

    private static final int RATE = 0;
    private static final int TIME = 1;
    private static final int STRIDE = 2;

    private final SlotTable table;
    private final long[] data;

    public FxRates(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    public void put(final long tenantId, final int base, final int quote, final long rate, final long now)
    {
        final int slot = table.acquire(key(tenantId, base, quote));
        data[slot * STRIDE + RATE] = rate;
        data[slot * STRIDE + TIME] = now;
    }

    /**
     * @return the slot of the pair's rate, or -1.
     */
    public int find(final long tenantId, final int base, final int quote)
    {
        return table.find(key(tenantId, base, quote));
    }

    public long rate(final int slot)
    {
        return data[slot * STRIDE + RATE];
    }

    public long time(final int slot)
    {
        return data[slot * STRIDE + TIME];
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

    public int capacity()
    {
        return table.capacity();
    }

    private static long key(final long tenantId, final int base, final int quote)
    {
        return Mix.of(tenantId, (long)base << 16 | quote);
    }
}
