package io.hotpath.core.state;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Reads back what a {@link StateWriter} wrote, checking that it stays inside the state. A state
 * that ends early, or a field that does not fit what the reader expects, is a
 * {@link StateFormatException}: the snapshot is not used.
 *
 * <p>Not thread-safe; used while a shard recovers, before it starts.
 */
public final class StateReader
{
    private DirectBuffer buffer;
    private int position;
    private int limit;

    public StateReader wrap(final DirectBuffer state, final int offset, final int length)
    {
        buffer = state;
        position = offset;
        limit = offset + length;
        return this;
    }

    public long getLong()
    {
        need(Long.BYTES);
        final long value = buffer.getLong(position);
        position += Long.BYTES;
        return value;
    }

    public int getInt()
    {
        need(Integer.BYTES);
        final int value = buffer.getInt(position);
        position += Integer.BYTES;
        return value;
    }

    public boolean getBoolean()
    {
        return getInt() != 0;
    }

    public byte[] getBytes()
    {
        final int length = getInt();
        if (length < 0)
        {
            throw new StateFormatException("negative length " + length + " at " + (position - Integer.BYTES));
        }
        need(length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    public String getString()
    {
        return new String(getBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a count, checking it is within {@code [0, max]}.
     */
    public int getCount(final int max, final String what)
    {
        final int count = getInt();
        if (count < 0 || count > max)
        {
            throw new StateFormatException(what + ": " + count + " is outside [0, " + max + "]");
        }
        return count;
    }

    /**
     * Checks the next int is {@code expected}: a section marker or a capacity that must match.
     */
    public void expect(final int expected, final String what)
    {
        final int actual = getInt();
        if (actual != expected)
        {
            throw new StateFormatException(what + ": expected " + expected + ", found " + actual);
        }
    }

    public int remaining()
    {
        return limit - position;
    }

    private void need(final int bytes)
    {
        if (position + bytes > limit)
        {
            throw new StateFormatException("state ends at " + limit + ", " + bytes + " more bytes needed at " + position);
        }
    }
}
