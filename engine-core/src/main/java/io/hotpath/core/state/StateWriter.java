package io.hotpath.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.UnsafeApi;

/**
 * Appends a shard's state, field by field, to a growing buffer: what a snapshot holds. Integers
 * are little-endian; byte strings carry their length first.
 *
 * <p>Not thread-safe; used on the shard's logic thread while it takes a snapshot, off the hot path.
 */
public final class StateWriter
{
    private static final long LONG_ARRAY_BASE = UnsafeApi.arrayBaseOffset(long[].class);

    private ExpandableArrayBuffer buffer;
    private int position;

    public StateWriter(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    /**
     * Starts writing at {@code position}.
     */
    public StateWriter reset(final int start)
    {
        position = start;
        return this;
    }

    /**
     * Starts writing at 0 with room for {@code bytes}: a buffer with less is replaced by one with half again as much, not
     * grown, since nothing it holds is kept. A state that grows a little between snapshots then fits the same buffer.
     */
    public StateWriter restart(final long bytes)
    {
        if (bytes > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("state of more than 2 GiB: " + bytes + " bytes");
        }
        position = 0;
        if (buffer.capacity() < bytes)
        {
            buffer = new ExpandableArrayBuffer((int)Math.min(Integer.MAX_VALUE - 8, bytes + bytes / 2));
        }
        return this;
    }

    /**
     * Makes room for {@code bytes} more in one step. A writer that knows how much it is about to write (a table of tens of
     * megabytes) calls it first: the buffer would otherwise grow by half again at a time, copying what it holds at every
     * step, which held the logic thread for hundreds of milliseconds at a shard's first snapshot.
     */
    public StateWriter reserve(final long bytes)
    {
        if (position + bytes > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("state of more than 2 GiB: " + position + " bytes and " + bytes + " more");
        }
        buffer.checkLimit((int)(position + bytes));
        return this;
    }

    public StateWriter putLong(final long value)
    {
        buffer.putLong(position, value);
        position += Long.BYTES;
        return this;
    }

    /**
     * Writes {@code count} longs of {@code values} from {@code from}: the bytes {@link #putLong} would write for each (the
     * buffer's, and so the host's, byte order), in one copy. Tables of tens of megabytes written a long at a time held the
     * logic thread for most of a snapshot's encoding. Agrona's buffers copy from byte arrays only, hence the copy here.
     */
    public StateWriter putLongs(final long[] values, final int from, final int count)
    {
        // A long[] holds fewer than 2^31 longs, so count * 8 fits a long, and reserve keeps the state under 2 GiB.
        Objects.checkFromIndexSize(from, count, values.length);
        final long length = (long)count * Long.BYTES;
        reserve(length);
        UnsafeApi.copyMemory(
            values, LONG_ARRAY_BASE + (long)from * Long.BYTES, buffer.byteArray(), BufferUtil.ARRAY_BASE_OFFSET + position, length);
        position += (int)length;
        return this;
    }

    public StateWriter putInt(final int value)
    {
        buffer.putInt(position, value);
        position += Integer.BYTES;
        return this;
    }

    public StateWriter putBoolean(final boolean value)
    {
        return putInt(value ? 1 : 0);
    }

    public StateWriter putBytes(final byte[] bytes)
    {
        return putBytes(bytes, 0, bytes.length);
    }

    /**
     * Writes {@code length} bytes of {@code bytes} from {@code offset}, read back as a byte string of that length.
     */
    public StateWriter putBytes(final byte[] bytes, final int offset, final int length)
    {
        putInt(length);
        buffer.putBytes(position, bytes, offset, length);
        position += length;
        return this;
    }

    public StateWriter putString(final String text)
    {
        return putBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return where the next field goes; after the last one, the state's end.
     */
    public int position()
    {
        return position;
    }

    /**
     * Writes a length at {@code at}, after the part it measures was written.
     */
    public void putIntAt(final int at, final int value)
    {
        buffer.putInt(at, value);
    }

    /**
     * @return the bytes written, from offset 0 to {@link #position()}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
