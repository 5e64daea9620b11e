package io.hotpath.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.LongFunction;
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
 * back later ({@link #restart(long, LongFunction)}), so a snapshot is neither copied nor written into a
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
    private static final LongFunction<byte[]> NO_SPARE = bytes -> null;

    // Wraps the array written into, which view.byteArray() gives.
    private final UnsafeBuffer view = new UnsafeBuffer(NONE);
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
        return restart(bytes, NO_SPARE);
    }

    /**
     * {@link #restart(long)}, asking {@code spare} for an array of at least {@code bytes} bytes when the one held is too
     * small, and taking what it gives if it is large enough: an array handed over for an earlier snapshot and stored since.
     * A new array only when it gives none.
     */
    public StateWriter restart(final long bytes, final LongFunction<byte[]> spare)
    {
        checkSize(bytes);
        position = 0;
        if (capacity() < bytes)
        {
            final byte[] offered = spare.apply(bytes);
            wrap(offered != null && offered.length >= bytes ? offered : new byte[withRoom(bytes)]);
        }
        return this;
    }

    /**
     * @return the room to ask for when the last state written was {@code lastBytes}: a quarter more, for a state that grows
     *         between snapshots.
     */
    public static long roomAfter(final long lastBytes)
    {
        return lastBytes + lastBytes / 4;
    }

    /**
     * @return the size of a new array for {@code bytes} bytes: half again as much (at most what an array can hold), so a
     *         state can grow by the quarter {@link #roomAfter} asks for, and more, before it outgrows it.
     */
    public static int withRoom(final long bytes)
    {
        return (int)Math.min(MAX_BYTES, bytes + bytes / 2);
    }

    /**
     * Gives up the array written so far, for another thread to store: from here on this writer holds none, and the next
     * {@link #restart(long, LongFunction)} takes a spare or allocates.
     *
     * @return the array; the state is its first {@link #position()} bytes.
     */
    public byte[] handOver()
    {
        final byte[] written = view.byteArray();
        wrap(NONE);
        return written;
    }

    /**
     * @return bytes the array holds, written or not.
     */
    public int capacity()
    {
        return view.capacity();
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
        if (needed > capacity())
        {
            final byte[] larger = new byte[withRoom(needed)];
            System.arraycopy(view.byteArray(), 0, larger, 0, position);
            wrap(larger);
        }
        return this;
    }

    public StateWriter putLong(final long value)
    {
        if (position + Long.BYTES > capacity())
        {
            reserve(Long.BYTES);
        }
        // Bounds checked above: the buffer's own check on every long was a tenth of encoding a large state.
        UnsafeApi.putLong(view.byteArray(), BufferUtil.ARRAY_BASE_OFFSET + position, value);
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
                view.byteArray(), BufferUtil.ARRAY_BASE_OFFSET + position + copied, Math.min(COPY_STEP, length - copied));
        }
        position += (int)length;
        return this;
    }

    public StateWriter putInt(final int value)
    {
        if (position + Integer.BYTES > capacity())
        {
            reserve(Integer.BYTES);
        }
        UnsafeApi.putInt(view.byteArray(), BufferUtil.ARRAY_BASE_OFFSET + position, value);
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
        System.arraycopy(bytes, offset, view.byteArray(), position, length);
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
        view.wrap(bytes);
    }

    private static void checkSize(final long bytes)
    {
        if (bytes > MAX_BYTES)
        {
            throw new IllegalStateException("state of more than 2 GiB: " + bytes + " bytes");
        }
    }
}
