package io.hotpath.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends a shard's state, field by field, to a byte array: what a snapshot holds. Integers are
 * in the host's byte order (little-endian on every platform the engine runs on); byte strings
 * carry their length first.
 *
 * <p>The array can be handed over ({@link #handOver}) to a thread that stores it and be given
 * back later ({@link #restart(long, byte[])}), so a snapshot is neither copied nor written into a
 * freshly allocated array on the logic thread.
 *
 * <p>Not thread-safe; used on the shard's logic thread while it takes a snapshot, off the hot path.
 */
public final class StateWriter
{
    private static final long LONG_ARRAY_BASE = UnsafeApi.arrayBaseOffset(long[].class);
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] NONE = new byte[0];
    private static final long COPY_STEP = 1 << 20;

    private final UnsafeBuffer view = new UnsafeBuffer(NONE);
    private byte[] array;
    private int position;

    public StateWriter(final int initialCapacity)
    {
        wrap(new byte[initialCapacity]);
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
     * Starts writing at 0 with room for {@code bytes}: an array with less is replaced by one with half again as much, not
     * grown, since nothing it holds is kept. A state that grows a little between snapshots then fits the same array.
     */
    public StateWriter restart(final long bytes)
    {
        return restart(bytes, null);
    }

    /**
     * {@link #restart(long)}, taking {@code offered} instead of a new array when the one held is too small and
     * {@code offered} is large enough: an array handed over for an earlier snapshot and stored since.
     */
    public StateWriter restart(final long bytes, final byte[] offered)
    {
        checkSize(bytes);
        position = 0;
        if (array.length < bytes)
        {
            wrap(offered != null && offered.length >= bytes ? offered : new byte[withRoom(bytes)]);
        }
        return this;
    }

    /**
     * Gives up the array written so far, for another thread to store: from here on this writer holds none, and the next
     * {@link #restart(long, byte[])} takes one offered or allocates.
     *
     * @return the array; the state is its first {@link #position()} bytes.
     */
    public byte[] handOver()
    {
        final byte[] written = array;
        wrap(NONE);
        return written;
    }

    /**
     * @return bytes the array holds, written or not.
     */
    public int capacity()
    {
        return array.length;
    }

    /**
     * Makes room for {@code bytes} more in one step. A writer that knows how much it is about to write (a table of tens of
     * megabytes) calls it first: the array would otherwise grow by half again at a time, copying what it holds at every
     * step, which held the logic thread for hundreds of milliseconds at a shard's first snapshot.
     */
    public StateWriter reserve(final long bytes)
    {
        final long needed = position + bytes;
        checkSize(needed);
        if (needed > array.length)
        {
            final byte[] larger = new byte[withRoom(needed)];
            System.arraycopy(array, 0, larger, 0, position);
            wrap(larger);
        }
        return this;
    }

    public StateWriter putLong(final long value)
    {
        if (position + Long.BYTES > array.length)
        {
            reserve(Long.BYTES);
        }
        // Bounds checked above: the buffer's own check on every long was a tenth of encoding a large state.
        UnsafeApi.putLong(array, BufferUtil.ARRAY_BASE_OFFSET + position, value);
        position += Long.BYTES;
        return this;
    }

    /**
     * Writes {@code count} longs of {@code values} from {@code from}: the bytes {@link #putLong} would write for each (the
     * host's byte order), in one copy. Tables of tens of megabytes written a long at a time held the logic thread for most
     * of a snapshot's encoding. Agrona's buffers copy from byte arrays only, hence the copy here.
     */
    public StateWriter putLongs(final long[] values, final int from, final int count)
    {
        // A long[] holds fewer than 2^31 longs, so count * 8 fits a long, and reserve keeps the state under 2 GiB.
        Objects.checkFromIndexSize(from, count, values.length);
        final long length = (long)count * Long.BYTES;
        reserve(length);
        // A megabyte at a time: one copy of tens of megabytes runs in the VM, where no safepoint can start, and held every
        // other thread waiting for one (a GC, a deoptimization) for as long as it took.
        for (long copied = 0; copied < length; copied += COPY_STEP)
        {
            UnsafeApi.copyMemory(values, LONG_ARRAY_BASE + (long)from * Long.BYTES + copied,
                array, BufferUtil.ARRAY_BASE_OFFSET + position + copied, Math.min(COPY_STEP, length - copied));
        }
        position += (int)length;
        return this;
    }

    public StateWriter putInt(final int value)
    {
        if (position + Integer.BYTES > array.length)
        {
            reserve(Integer.BYTES);
        }
        UnsafeApi.putInt(array, BufferUtil.ARRAY_BASE_OFFSET + position, value);
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
        Objects.checkFromIndexSize(offset, length, bytes.length);
        putInt(length);
        reserve(length);
        System.arraycopy(bytes, offset, array, position, length);
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
        view.putInt(at, value);
    }

    /**
     * @return the bytes written, from offset 0 to {@link #position()}; a view of the array held now.
     */
    public DirectBuffer buffer()
    {
        return view;
    }

    private void wrap(final byte[] bytes)
    {
        array = bytes;
        view.wrap(bytes);
    }

    private static void checkSize(final long bytes)
    {
        if (bytes > MAX_BYTES)
        {
            throw new IllegalStateException("state of more than 2 GiB: " + bytes + " bytes");
        }
    }

    private static int withRoom(final long bytes)
    {
        return (int)Math.min(MAX_BYTES, bytes + bytes / 2);
    }
}
