package io.hotpath.core.state;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Appends a shard's state, field by field, to a growing buffer: what a snapshot holds. Integers
 * are little-endian; byte strings carry their length first.
 *
 * <p>Not thread-safe; used on the shard's logic thread while it takes a snapshot, off the hot path.
 */
public final class StateWriter
{
    private final ExpandableArrayBuffer buffer;
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

    public StateWriter putLong(final long value)
    {
        buffer.putLong(position, value);
        position += Long.BYTES;
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
