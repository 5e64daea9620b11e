package io.hotpath.pricing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.Mix;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;

/**
 * What the market has said about each SKU of each tenant: demand, stock, competitors' prices, and
 * where the max-change guardrail anchored its market price. A fixed number of slots keyed by
 * (tenant, SKU); past that the slot taken longest ago gives way (counted), never the heap. Signals
 * outlive config versions, so a new price book keeps the market's history.
 *
 * <pre>
 *   slot data (longs):
 *   0 demand level (double bits)  1 demand time  2 stock  3 anchor factor (ppm)  4 anchor time
 *   5.. COMPETITORS x (competitor key, price, currency, time)
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class SkuSignals
{
    /** Competitors remembered per SKU; a new one replaces the one heard from longest ago. */
    public static final int COMPETITORS = 4;
    /** A time that has not happened: no demand yet, no anchor yet. */
    public static final long NEVER = Long.MIN_VALUE;
    /** The stock level of a SKU whose stock has not arrived. */
    public static final long UNKNOWN_STOCK = -1;

    private static final double LN_2 = 0.6931471805599453;
    private static final int DEMAND_LEVEL = 0;
    private static final int DEMAND_TIME = 1;
    private static final int STOCK = 2;
    private static final int ANCHOR_FACTOR = 3;
    private static final int ANCHOR_TIME = 4;
    private static final int COMPETITOR = 5;
    private static final int COMPETITOR_STRIDE = 4;
    private static final int STRIDE = COMPETITOR + COMPETITORS * COMPETITOR_STRIDE;

    private final SlotTable table;
    private final long[] data;

    public SkuSignals(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    /**
     * @return the slot of the SKU's signals, or -1 if the market has said nothing about it.
     */
    public int find(final long tenantId, final long skuKey)
    {
        return table.find(Mix.of(tenantId, skuKey));
    }

    /**
     * @return the slot of the SKU's signals, taking a fresh one if need be.
     */
    public int acquire(final long tenantId, final long skuKey)
    {
        final int slot = table.acquire(Mix.of(tenantId, skuKey));
        if (table.acquiredNew())
        {
            final int base = slot * STRIDE;
            Arrays.fill(data, base, base + STRIDE, 0);
            data[base + DEMAND_LEVEL] = Double.doubleToRawLongBits(0.0);
            data[base + DEMAND_TIME] = NEVER;
            data[base + STOCK] = UNKNOWN_STOCK;
            data[base + ANCHOR_TIME] = NEVER;
        }
        return slot;
    }

    /**
     * @return keys held at most.
     */
    public int capacity()
    {
        return table.capacity();
    }

    /**
     * @return signals pushed out because every slot was taken.
     */
    public long evictions()
    {
        return table.evictions();
    }

    /**
     * Adds demand at {@code now}: the level so far decays by half every {@code halfLife}, then the units add.
     */
    public void addDemand(final int slot, final long units, final long now, final long halfLife)
    {
        final int base = slot * STRIDE;
        final long last = data[base + DEMAND_TIME];
        final double level = last == NEVER ? 0.0 : decayed(Double.longBitsToDouble(data[base + DEMAND_LEVEL]), now - last, halfLife);
        data[base + DEMAND_LEVEL] = Double.doubleToRawLongBits(level + units);
        data[base + DEMAND_TIME] = last == NEVER ? now : Math.max(last, now);
    }

    public boolean hasDemand(final int slot)
    {
        return data[slot * STRIDE + DEMAND_TIME] != NEVER;
    }

    /**
     * @return the demand level decayed to {@code now}, in units.
     */
    public double demandLevel(final int slot, final long now, final long halfLife)
    {
        final int base = slot * STRIDE;
        return decayed(Double.longBitsToDouble(data[base + DEMAND_LEVEL]), now - data[base + DEMAND_TIME], halfLife);
    }

    public void stock(final int slot, final long level)
    {
        data[slot * STRIDE + STOCK] = level;
    }

    /**
     * @return the stock level, or {@link #UNKNOWN_STOCK}.
     */
    public long stock(final int slot)
    {
        return data[slot * STRIDE + STOCK];
    }

    public void anchor(final int slot, final long factorPpm, final long now)
    {
        data[slot * STRIDE + ANCHOR_FACTOR] = factorPpm;
        data[slot * STRIDE + ANCHOR_TIME] = now;
    }

    public long anchorFactor(final int slot)
    {
        return data[slot * STRIDE + ANCHOR_FACTOR];
    }

    /**
     * @return when the anchor was set, or {@link #NEVER}.
     */
    public long anchorTime(final int slot)
    {
        return data[slot * STRIDE + ANCHOR_TIME];
    }

    /**
     * Records a competitor's price, replacing its last one, or else a free place, or else the
     * competitor heard from longest ago.
     */
    public void competitorPrice(final int slot, final long competitorKey, final long price, final int currency, final long now)
    {
        final int base = slot * STRIDE + COMPETITOR;
        int target = -1;
        int oldest = 0;
        for (int i = 0; i < COMPETITORS; i++)
        {
            final int at = base + i * COMPETITOR_STRIDE;
            if (data[at] == competitorKey)
            {
                target = i;
                break;
            }
            if (target < 0 && data[at] == 0)
            {
                target = i;
            }
            if (data[at + 3] < data[base + oldest * COMPETITOR_STRIDE + 3])
            {
                oldest = i;
            }
        }
        final int at = base + (target < 0 ? oldest : target) * COMPETITOR_STRIDE;
        data[at] = competitorKey;
        data[at + 1] = price;
        data[at + 2] = currency;
        data[at + 3] = now;
    }

    /**
     * @return the key of competitor place {@code i}, or 0 when the place is free.
     */
    public long competitorKey(final int slot, final int i)
    {
        return data[slot * STRIDE + COMPETITOR + i * COMPETITOR_STRIDE];
    }

    public long competitorPrice(final int slot, final int i)
    {
        return data[slot * STRIDE + COMPETITOR + i * COMPETITOR_STRIDE + 1];
    }

    public int competitorCurrency(final int slot, final int i)
    {
        return (int)data[slot * STRIDE + COMPETITOR + i * COMPETITOR_STRIDE + 2];
    }

    public long competitorTime(final int slot, final int i)
    {
        return data[slot * STRIDE + COMPETITOR + i * COMPETITOR_STRIDE + 3];
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

    /**
     * Decay by half per half-life: {@code level x 2^-(age / halfLife)}, in IEEE doubles with
     * operations Java defines bit for bit on every JVM ({@link Math#floor}, {@link Math#scalb},
     * {@link StrictMath#exp}), so a replay reproduces every level exactly. Whole half-lives are
     * exact halvings (a change of exponent); only the fraction of a half-life goes through
     * {@code exp}. {@code StrictMath.pow} would give the same bits' worth of accuracy but JDK 17's
     * Java port of it allocates scratch arrays wherever the JIT cannot inline it far enough to
     * remove them, which was seen on the decision thread under the mixed workload. Signals are not
     * money: the multiplier they make is rounded to parts per million before it touches a price.
     */
    static double decayed(final double level, final long age, final long halfLife)
    {
        if (age <= 0)
        {
            return level;
        }
        final double halvings = (double)age / halfLife;
        // A cast past int's range saturates, and scalb by that much gives 0: defined, if absurd.
        final double whole = Math.floor(halvings);
        return Math.scalb(level * StrictMath.exp(-LN_2 * (halvings - whole)), -(int)whole);
    }
}
