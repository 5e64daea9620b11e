package io.hotpath.routing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.routing.config.RoutingConfigParser;
import java.util.Arrays;

/**
 * The processors each routed payment may still try, in decision order, and those it has tried.
 * A payment's entry goes when it is approved, hard-declined or runs out of processors; the oldest
 * entries give way when the store is full.
 *
 * <pre>
 *   slot layout (longs): [ count, tried bit set, segment ][ processor key ] x MAX_CANDIDATES
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class Cascades
{
    private static final int MAX = RoutingConfigParser.MAX_CANDIDATES;
    private static final int KEYS = 3;
    private static final int STRIDE = KEYS + MAX;

    private final SlotTable table;
    private final long[] data;

    public Cascades(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    /**
     * Starts, or restarts, the cascade of a payment.
     *
     * @param segment the payment's success-rate segment, for its outcomes.
     */
    public void start(final long key, final long segment, final long[] processorKeys, final int count)
    {
        final int base = table.acquire(key) * STRIDE;
        data[base] = count;
        data[base + 1] = 0;
        data[base + 2] = segment;
        System.arraycopy(processorKeys, 0, data, base + KEYS, count);
        Arrays.fill(data, base + KEYS + count, base + STRIDE, 0);
    }

    /**
     * @return the segment the payment was routed in; the payment must have a cascade.
     */
    public long segment(final long key)
    {
        return data[table.find(key) * STRIDE + 2];
    }

    /**
     * @return true if the payment has a cascade.
     */
    public boolean contains(final long key)
    {
        return table.find(key) >= 0;
    }

    /**
     * Marks {@code processorKey} tried.
     *
     * @return false if it is not one of the payment's processors.
     */
    public boolean markTried(final long key, final long processorKey)
    {
        final int base = table.find(key) * STRIDE;
        final int count = (int)data[base];
        for (int i = 0; i < count; i++)
        {
            if (data[base + KEYS + i] == processorKey)
            {
                data[base + 1] |= 1L << i;
                return true;
            }
        }
        return false;
    }

    /**
     * @return the payment's untried processors, in order, through {@code into}; the count is returned.
     */
    public int untried(final long key, final long[] into)
    {
        final int base = table.find(key) * STRIDE;
        final int count = (int)data[base];
        final long tried = data[base + 1];
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if ((tried & (1L << i)) == 0)
            {
                into[n++] = data[base + KEYS + i];
            }
        }
        return n;
    }

    public void end(final long key)
    {
        table.release(key);
    }

    /**
     * @return keys held at most.
     */
    public int capacity()
    {
        return table.capacity();
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
     * @return the bytes {@link #writeState} writes now.
     */
    public long encodedBytes()
    {
        return table.encodedBytes(STRIDE);
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
}
