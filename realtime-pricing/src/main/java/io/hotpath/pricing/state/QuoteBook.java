package io.hotpath.pricing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import org.agrona.collections.Long2LongHashMap;

/**
 * The quotes a shard has given and still honours, in the order given: a ring of fixed capacity.
 * A new quote first clears quotes at the old end that have expired or been used; if the oldest is
 * still live and the ring is full, the new quote is refused (counted) rather than breaking a
 * promise already made.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class QuoteBook
{
    /** Bytes {@link #writeState} writes a quote: seven longs, the currency and the used flag as ints. */
    private static final int ENCODED_QUOTE = 7 * Long.BYTES + 2 * Integer.BYTES;

    private final int capacity;
    private final Long2LongHashMap index;
    private final long[] quoteId;
    private final long[] tenantId;
    private final long[] skuKey;
    private final long[] quantity;
    private final int[] currency;
    private final long[] unitPrice;
    private final long[] totalPrice;
    private final long[] expiresAt;
    private final boolean[] used;
    private final long[] hashEntry = new long[9];
    private int head;
    private int count;
    private long refused;

    public QuoteBook(final int capacity)
    {
        this.capacity = capacity;
        index = new Long2LongHashMap(capacity * 2, 0.65f, -1);
        quoteId = new long[capacity];
        tenantId = new long[capacity];
        skuKey = new long[capacity];
        quantity = new long[capacity];
        currency = new int[capacity];
        unitPrice = new long[capacity];
        totalPrice = new long[capacity];
        expiresAt = new long[capacity];
        used = new boolean[capacity];
    }

    /**
     * Runs what a snapshot runs over a book (hashing and encoding its quotes) on a small book of its own, in both runs of
     * the ring, until the JIT has compiled it. A shard's first snapshot otherwise hashes and encodes hundreds of thousands
     * of quotes interpreted, then in code compiled on the stack: in {@code SnapshotBenchmark} its hold was twice a later
     * one's until this ran first.
     *
     * <p>Touches no shard's state; call it from any thread, once a process, before the first snapshot is due.
     *
     * @return a value of the work done, so that none of it can be left out.
     */
    public static long warmSnapshotCode()
    {
        final int quotes = 1_024;
        final QuoteBook book = new QuoteBook(quotes);
        // Half again round the ring, so the oldest quotes sit at its end and both runs of it are written.
        for (int n = 0; n < quotes + quotes / 2; n++)
        {
            book.add(n, 1 + n % 7, n * 31L, 1 + n % 5, 978, 1_999, 1_999L * (1 + n % 5), n + quotes, n);
        }
        final StateWriter writer = new StateWriter((int)book.encodedBytes() + 64);
        final Fnv1a64 hasher = new Fnv1a64();
        long work = 0;
        for (int round = 0; round < 400; round++)
        {
            book.hashInto(hasher.reset());
            book.writeState(writer.reset(0));
            work += hasher.hash() + writer.position();
        }
        return work;
    }

    /**
     * @return false, counted, if the book is full of quotes still honoured at {@code now}.
     */
    public boolean add(
        final long id, final long tenant, final long sku, final long units, final int currencyCode, final long unit, final long total,
        final long expiry, final long now)
    {
        while (count > 0 && (count == capacity || expiresAt[head] <= now || used[head]))
        {
            if (expiresAt[head] > now && !used[head])
            {
                refused++;
                return false;
            }
            index.remove(quoteId[head]);
            head = head + 1 == capacity ? 0 : head + 1;
            count--;
        }
        final int slot = (head + count) % capacity;
        quoteId[slot] = id;
        tenantId[slot] = tenant;
        skuKey[slot] = sku;
        quantity[slot] = units;
        currency[slot] = currencyCode;
        unitPrice[slot] = unit;
        totalPrice[slot] = total;
        expiresAt[slot] = expiry;
        used[slot] = false;
        index.put(id, slot);
        count++;
        return true;
    }

    /**
     * @return the slot of quote {@code id}, or -1 if it was never given, or has been cleared since.
     */
    public int find(final long id)
    {
        return (int)index.get(id);
    }

    public long tenantId(final int slot)
    {
        return tenantId[slot];
    }

    public long skuKey(final int slot)
    {
        return skuKey[slot];
    }

    public long quantity(final int slot)
    {
        return quantity[slot];
    }

    public int currency(final int slot)
    {
        return currency[slot];
    }

    public long unitPrice(final int slot)
    {
        return unitPrice[slot];
    }

    public long totalPrice(final int slot)
    {
        return totalPrice[slot];
    }

    public long expiresAt(final int slot)
    {
        return expiresAt[slot];
    }

    public boolean used(final int slot)
    {
        return used[slot];
    }

    public void markUsed(final int slot)
    {
        used[slot] = true;
    }

    /**
     * @return quotes held, live or not yet cleared.
     */
    public int size()
    {
        return count;
    }

    /**
     * @return new quotes refused because the book was full of live ones.
     */
    public long refused()
    {
        return refused;
    }

    /**
     * @return the bytes {@link #writeState} writes now.
     */
    public long encodedBytes()
    {
        return 2L * Integer.BYTES + Long.BYTES + (long)count * ENCODED_QUOTE;
    }

    /**
     * Writes every quote held, oldest first, for a snapshot.
     */
    public void writeState(final StateWriter out)
    {
        // Room for every quote in one step: a book of tens of megabytes written into a buffer that grows by half again at a
        // time copied what it held at every step, most of a shard's first snapshot.
        out.putInt(capacity).putLong(refused).putInt(count).reserve((long)count * ENCODED_QUOTE);
        // The ring in its two runs, oldest first: no division a quote.
        final int firstRun = Math.min(count, capacity - head);
        writeQuotes(out, head, head + firstRun);
        writeQuotes(out, 0, count - firstRun);
    }

    private void writeQuotes(final StateWriter out, final int from, final int to)
    {
        for (int slot = from; slot < to; slot++)
        {
            out.putLong(quoteId[slot]).putLong(tenantId[slot]).putLong(skuKey[slot]).putLong(quantity[slot]).putInt(currency[slot])
                .putLong(unitPrice[slot]).putLong(totalPrice[slot]).putLong(expiresAt[slot]).putBoolean(used[slot]);
        }
    }

    /**
     * Replaces the quotes with what {@link #writeState} wrote, oldest at the first slot: only the
     * order of the ring matters, not where it starts.
     */
    public void readState(final StateReader in)
    {
        in.expect(capacity, "quote capacity");
        refused = in.getLong();
        count = in.getCount(capacity, "quotes");
        head = 0;
        index.clear();
        for (int slot = 0; slot < count; slot++)
        {
            quoteId[slot] = in.getLong();
            tenantId[slot] = in.getLong();
            skuKey[slot] = in.getLong();
            quantity[slot] = in.getLong();
            currency[slot] = in.getInt();
            unitPrice[slot] = in.getLong();
            totalPrice[slot] = in.getLong();
            expiresAt[slot] = in.getLong();
            used[slot] = in.getBoolean();
            index.put(quoteId[slot], slot);
        }
    }

    /**
     * Adds every quote held, oldest first: the order is the order of the commands, so equal
     * histories hash equally.
     */
    public void hashInto(final Fnv1a64 hasher)
    {
        final int firstRun = Math.min(count, capacity - head);
        final long digest = hashQuotes(hashQuotes(0, head, head + firstRun), 0, count - firstRun);
        hasher.add(count).add(digest);
    }

    private long hashQuotes(final long digestBefore, final int from, final int to)
    {
        long digest = digestBefore;
        for (int slot = from; slot < to; slot++)
        {
            hashEntry[0] = quoteId[slot];
            hashEntry[1] = tenantId[slot];
            hashEntry[2] = skuKey[slot];
            hashEntry[3] = quantity[slot];
            hashEntry[4] = currency[slot];
            hashEntry[5] = unitPrice[slot];
            hashEntry[6] = totalPrice[slot];
            hashEntry[7] = expiresAt[slot];
            hashEntry[8] = used[slot] ? 1 : 0;
            digest = StateHashing.chain(digest, hashEntry, 0, hashEntry.length);
        }
        return digest;
    }
}
