package io.hotpath.fraud.lists;

import io.hotpath.core.state.Mix;
import java.util.Arrays;
import org.agrona.collections.LongHashSet;

/**
 * A set of IP addresses and CIDR blocks, IPv4 and IPv6 alike (see {@link IpAddresses}). A lookup
 * masks the address once per distinct prefix length in the set and probes a hash set of masked
 * blocks, so it costs a handful of probes however many blocks the list holds.
 *
 * <p>Blocks are kept by a 64-bit mix of their masked 128 bits; two distinct blocks colliding is as
 * likely as a 64-bit hash collision. Built on the control path; {@link #contains} allocates nothing.
 * Not thread-safe; owned by the shard's logic thread.
 */
public final class IpSet
{
    private final LongHashSet blocks = new LongHashSet();
    private int[] prefixes = new int[0];

    /**
     * Adds an address or block, as {@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}.
     *
     * @return false if {@code text} is neither.
     */
    public boolean add(final String text)
    {
        final int slash = text.indexOf('/');
        final String address = slash < 0 ? text : text.substring(0, slash);
        final long[] bits = new long[2];
        if (!IpAddresses.parse(address, bits))
        {
            return false;
        }
        final int base = IpAddresses.isIpv4(address) ? IpAddresses.IPV4_MAPPED_PREFIX : 0;
        final int prefix;
        try
        {
            prefix = slash < 0 ? 128 : base + Integer.parseInt(text.substring(slash + 1));
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
        if (prefix < base || prefix > 128)
        {
            return false;
        }
        blocks.add(key(bits[0], bits[1], prefix));
        if (Arrays.binarySearch(prefixes, prefix) < 0)
        {
            final int[] grown = Arrays.copyOf(prefixes, prefixes.length + 1);
            grown[prefixes.length] = prefix;
            Arrays.sort(grown);
            prefixes = grown;
        }
        return true;
    }

    /**
     * @return true if the address {@code high}:{@code low} is in the set or inside one of its blocks.
     */
    public boolean contains(final long high, final long low)
    {
        for (final int prefix : prefixes)
        {
            if (blocks.contains(key(high, low, prefix)))
            {
                return true;
            }
        }
        return false;
    }

    public int size()
    {
        return blocks.size();
    }

    private static long key(final long high, final long low, final int prefix)
    {
        final long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        final long lowMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return Mix.of(Mix.of(high & highMask, low & lowMask), prefix);
    }
}
