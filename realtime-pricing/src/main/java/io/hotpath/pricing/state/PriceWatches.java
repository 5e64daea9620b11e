package io.hotpath.pricing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.Mix;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The prices a shard streams: one watch per (tenant, SKU, currency, segment, channel) that some
 * subscription follows, with the last price sent for it, and the subscriptions themselves.
 *
 * <p>A watch id is the watch's slot, dense and below the capacity, so the fan-out can index arrays
 * by it. Watches are linked into lists by (tenant, SKU) and by (tenant, currency), so a market
 * event finds the prices it may move without scanning.
 *
 * <pre>
 *   watch data (longs): 0 tenant  1 SKU key  2 currency  3 segment key  4 channel key  5 references  6 last price sent
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Following and unfollowing prices allocate
 * (a subscription is a control command); recomputing them does not.
 */
public final class PriceWatches
{
    /** The end of a list. */
    public static final int NONE = -1;

    private static final int TENANT = 0;
    private static final int SKU = 1;
    private static final int CURRENCY = 2;
    private static final int SEGMENT = 3;
    private static final int CHANNEL = 4;
    private static final int REFERENCES = 5;
    private static final int LAST_PRICE = 6;
    private static final int STRIDE = 7;

    /**
     * A subscription: its tenant and the watch behind each of its SKUs, in the order asked for.
     */
    private record Subscription(long tenantId, int[] watches)
    {
    }

    private final SlotTable table;
    private final long[] data;
    private final int[] nextBySku;
    private final int[] prevBySku;
    private final int[] nextByCurrency;
    private final int[] prevByCurrency;
    private final Long2LongHashMap skuHeads;
    private final Long2LongHashMap currencyHeads;
    private final Long2ObjectHashMap<Subscription> subscriptions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap subscriptionsByTenant = new Long2LongHashMap(0);

    public PriceWatches(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
        nextBySku = new int[capacity];
        prevBySku = new int[capacity];
        nextByCurrency = new int[capacity];
        prevByCurrency = new int[capacity];
        skuHeads = new Long2LongHashMap(capacity * 2, 0.65f, NONE);
        currencyHeads = new Long2LongHashMap(capacity * 2, 0.65f, NONE);
    }

    public int capacity()
    {
        return table.capacity();
    }

    /**
     * @return watches that following these prices would add: for checking room before following.
     */
    public int newWatches(final long tenantId, final long[] skuKeys, final int count, final int currency, final long segment,
        final long channel)
    {
        int fresh = 0;
        for (int i = 0; i < count; i++)
        {
            if (table.find(key(tenantId, skuKeys[i], currency, segment, channel)) < 0 && !repeated(skuKeys, i))
            {
                fresh++;
            }
        }
        return fresh;
    }

    public int freeWatches()
    {
        return table.capacity() - table.size();
    }

    public boolean hasSubscription(final long subscriptionId)
    {
        return subscriptions.containsKey(subscriptionId);
    }

    public long subscriptions(final long tenantId)
    {
        return subscriptionsByTenant.get(tenantId);
    }

    /**
     * Follows one price for a new subscription; the caller checked there is room.
     *
     * @param priceIfNew the price to record as last sent when the watch is new.
     * @return the watch id.
     */
    public int follow(final long tenantId, final long skuKey, final int currency, final long segment, final long channel,
        final long priceIfNew)
    {
        final int watch = table.tryAcquire(key(tenantId, skuKey, currency, segment, channel));
        if (watch < 0)
        {
            throw new IllegalStateException("no room for a watch: check freeWatches() first");
        }
        final int base = watch * STRIDE;
        if (table.acquiredNew())
        {
            data[base + TENANT] = tenantId;
            data[base + SKU] = skuKey;
            data[base + CURRENCY] = currency;
            data[base + SEGMENT] = segment;
            data[base + CHANNEL] = channel;
            data[base + REFERENCES] = 0;
            data[base + LAST_PRICE] = priceIfNew;
            link(skuHeads, Mix.of(tenantId, skuKey), watch, nextBySku, prevBySku);
            link(currencyHeads, Mix.of(tenantId, ~(long)currency), watch, nextByCurrency, prevByCurrency);
        }
        data[base + REFERENCES]++;
        return watch;
    }

    public void addSubscription(final long subscriptionId, final long tenantId, final int[] watches)
    {
        subscriptions.put(subscriptionId, new Subscription(tenantId, watches));
        subscriptionsByTenant.put(tenantId, subscriptionsByTenant.get(tenantId) + 1);
    }

    /**
     * Ends every subscription, as when the shard restarts: their streams belonged to the process before.
     *
     * @return how many ended.
     */
    public int removeAll()
    {
        final long[] ids = subscriptionIds();
        for (final long id : ids)
        {
            removeSubscription(id);
        }
        return ids.length;
    }

    /**
     * Ends a subscription and drops the watches no other subscription follows.
     *
     * @return false if there was no such subscription.
     */
    public boolean removeSubscription(final long subscriptionId)
    {
        final Subscription subscription = subscriptions.remove(subscriptionId);
        if (subscription == null)
        {
            return false;
        }
        final long left = subscriptionsByTenant.get(subscription.tenantId()) - 1;
        if (left == 0)
        {
            subscriptionsByTenant.remove(subscription.tenantId());
        }
        else
        {
            subscriptionsByTenant.put(subscription.tenantId(), left);
        }
        for (final int watch : subscription.watches())
        {
            final int base = watch * STRIDE;
            if (--data[base + REFERENCES] == 0)
            {
                unlink(skuHeads, Mix.of(data[base + TENANT], data[base + SKU]), watch, nextBySku, prevBySku);
                unlink(currencyHeads, Mix.of(data[base + TENANT], ~data[base + CURRENCY]), watch, nextByCurrency, prevByCurrency);
                table.release(table.keyAt(watch));
            }
        }
        return true;
    }

    /**
     * @return the first watch of a (tenant, SKU), or {@link #NONE}; {@link #nextBySku} walks on.
     */
    public int firstBySku(final long tenantId, final long skuKey)
    {
        return (int)skuHeads.get(Mix.of(tenantId, skuKey));
    }

    public int nextBySku(final int watch)
    {
        return nextBySku[watch];
    }

    /**
     * @return the first watch of a (tenant, currency), or {@link #NONE}; {@link #nextByCurrency} walks on.
     */
    public int firstByCurrency(final long tenantId, final int currency)
    {
        return (int)currencyHeads.get(Mix.of(tenantId, ~(long)currency));
    }

    public int nextByCurrency(final int watch)
    {
        return nextByCurrency[watch];
    }

    public boolean inUse(final int watch)
    {
        return table.inUse(watch);
    }

    public long tenantId(final int watch)
    {
        return data[watch * STRIDE + TENANT];
    }

    public long skuKey(final int watch)
    {
        return data[watch * STRIDE + SKU];
    }

    public int currency(final int watch)
    {
        return (int)data[watch * STRIDE + CURRENCY];
    }

    public long segment(final int watch)
    {
        return data[watch * STRIDE + SEGMENT];
    }

    public long channel(final int watch)
    {
        return data[watch * STRIDE + CHANNEL];
    }

    public long lastPrice(final int watch)
    {
        return data[watch * STRIDE + LAST_PRICE];
    }

    public void lastPrice(final int watch, final long price)
    {
        data[watch * STRIDE + LAST_PRICE] = price;
    }

    /**
     * Writes the watches as they are (slots, the order of their lists) and the subscriptions, for a snapshot.
     */
    public void writeState(final StateWriter out)
    {
        table.writeState(out, data, STRIDE);
        for (int watch = 0; watch < table.capacity(); watch++)
        {
            if (table.inUse(watch))
            {
                out.putInt(nextBySku[watch]).putInt(prevBySku[watch]).putInt(nextByCurrency[watch]).putInt(prevByCurrency[watch]);
            }
        }
        writeHeads(out, skuHeads);
        writeHeads(out, currencyHeads);
        final long[] ids = subscriptionIds();
        out.putInt(ids.length);
        for (final long id : ids)
        {
            final Subscription subscription = subscriptions.get(id);
            out.putLong(id).putLong(subscription.tenantId()).putInt(subscription.watches().length);
            for (final int watch : subscription.watches())
            {
                out.putInt(watch);
            }
        }
    }

    /**
     * Replaces the watches and subscriptions with what {@link #writeState} wrote.
     */
    public void readState(final StateReader in)
    {
        table.readState(in, data, STRIDE);
        final int capacity = table.capacity();
        for (int watch = 0; watch < capacity; watch++)
        {
            if (table.inUse(watch))
            {
                nextBySku[watch] = in.getInt();
                prevBySku[watch] = in.getInt();
                nextByCurrency[watch] = in.getInt();
                prevByCurrency[watch] = in.getInt();
            }
        }
        readHeads(in, skuHeads, capacity);
        readHeads(in, currencyHeads, capacity);
        subscriptions.clear();
        subscriptionsByTenant.clear();
        final int count = in.getCount(Integer.MAX_VALUE, "subscriptions");
        for (int i = 0; i < count; i++)
        {
            final long id = in.getLong();
            final long tenantId = in.getLong();
            final int[] watches = new int[in.getCount(capacity * 64, "subscription watches")];
            for (int w = 0; w < watches.length; w++)
            {
                watches[w] = in.getCount(capacity - 1, "watch");
            }
            addSubscription(id, tenantId, watches);
        }
    }

    /**
     * Adds the watches in key order, then the subscriptions in id order.
     */
    public void hashInto(final Fnv1a64 hasher)
    {
        StateHashing.hashSlots(table, data, STRIDE, hasher);
        final long[] ids = subscriptionIds();
        hasher.add(ids.length);
        for (final long id : ids)
        {
            final Subscription subscription = subscriptions.get(id);
            hasher.add(id).add(subscription.tenantId()).add(subscription.watches().length);
            for (final int watch : subscription.watches())
            {
                hasher.add(table.keyAt(watch));
            }
        }
    }

    private long[] subscriptionIds()
    {
        // Not through keySet(): its iterator is one instance the map keeps, and a snapshot hashes this state on another
        // thread while the logic thread encodes it (DomainLogic#hashState), each reading the ids.
        final long[] ids = new long[subscriptions.size()];
        final int[] n = new int[1];
        subscriptions.forEachLong((id, subscription) -> ids[n[0]++] = id);
        Arrays.sort(ids);
        return ids;
    }

    private static void writeHeads(final StateWriter out, final Long2LongHashMap heads)
    {
        final long[] keys = new long[heads.size()];
        int n = 0;
        final Long2LongHashMap.KeyIterator iterator = heads.keySet().iterator();
        while (iterator.hasNext())
        {
            keys[n++] = iterator.nextValue();
        }
        Arrays.sort(keys);
        out.putInt(keys.length);
        for (final long key : keys)
        {
            out.putLong(key).putInt((int)heads.get(key));
        }
    }

    private static void readHeads(final StateReader in, final Long2LongHashMap heads, final int capacity)
    {
        heads.clear();
        final int count = in.getCount(capacity, "list heads");
        for (int i = 0; i < count; i++)
        {
            final long key = in.getLong();
            heads.put(key, in.getCount(capacity - 1, "list head"));
        }
    }

    private static boolean repeated(final long[] keys, final int i)
    {
        for (int j = 0; j < i; j++)
        {
            if (keys[j] == keys[i])
            {
                return true;
            }
        }
        return false;
    }

    private static void link(final Long2LongHashMap heads, final long listKey, final int watch, final int[] next, final int[] prev)
    {
        final int head = (int)heads.get(listKey);
        next[watch] = head;
        prev[watch] = NONE;
        if (head != NONE)
        {
            prev[head] = watch;
        }
        heads.put(listKey, watch);
    }

    private static void unlink(final Long2LongHashMap heads, final long listKey, final int watch, final int[] next, final int[] prev)
    {
        if (prev[watch] == NONE)
        {
            if (next[watch] == NONE)
            {
                heads.remove(listKey);
            }
            else
            {
                heads.put(listKey, next[watch]);
            }
        }
        else
        {
            next[prev[watch]] = next[watch];
        }
        if (next[watch] != NONE)
        {
            prev[next[watch]] = prev[watch];
        }
    }

    private static long key(final long tenantId, final long skuKey, final int currency, final long segment, final long channel)
    {
        return Mix.of(Mix.of(tenantId, skuKey, currency), segment, channel);
    }
}
