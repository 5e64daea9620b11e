package io.hotpath.core.logic;

import org.agrona.DirectBuffer;

/**
 * Incremental 64-bit FNV-1a hash over longs and byte ranges.
 *
 * <p>Written here because state and config hashes must be 64 bits wide, identical on every JVM
 * and computed without allocation; {@code java.util.zip} offers only 32-bit checksums and
 * {@code MessageDigest} allocates. Not cryptographic: it detects divergence, it does not resist
 * forgery. Not thread-safe.
 */
public final class Fnv1a64
{
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long hash = OFFSET_BASIS;

    public Fnv1a64 reset()
    {
        hash = OFFSET_BASIS;
        return this;
    }

    public Fnv1a64 add(final long value)
    {
        long h = hash;
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE)
        {
            h ^= (value >>> shift) & 0xFF;
            h *= PRIME;
        }
        hash = h;
        return this;
    }

    public Fnv1a64 add(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = hash;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            h ^= buffer.getByte(i) & 0xFF;
            h *= PRIME;
        }
        hash = h;
        return this;
    }

    public long hash()
    {
        return hash;
    }
}
