package io.hotpath.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads one queue's entries in order, copying each into a reusable buffer, and checks each
 * entry's CRC32C: an entry that fails it was cut short, is counted and passed over.
 *
 * <p>Not thread-safe. The buffer returned by {@link #entry()} is valid until the next {@link #next()}.
 */
class EntryCursor
{
    private final ExcerptTailer tailer;
    private final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final CRC32C checksum = new CRC32C();
    private long index = -1;
    private int length;
    private long torn;

    EntryCursor(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
    }

    /**
     * Positions the cursor so that the next entry read is the one at {@code index}.
     *
     * @return false if there is no entry at that index.
     */
    public boolean seekIndex(final long index)
    {
        return tailer.moveToIndex(index);
    }

    /**
     * Positions the cursor at the first entry of roll cycle {@code cycle}, or of the next cycle present.
     *
     * @return false if there is no such entry.
     */
    boolean seekCycle(final int cycle)
    {
        return tailer.moveToCycle(cycle);
    }

    /**
     * Positions the cursor at the first entry.
     */
    public void seekStart()
    {
        tailer.toStart();
    }

    /**
     * Reads the next entry.
     *
     * @return false at the end of the journal.
     */
    public boolean next()
    {
        while (true)
        {
            try (DocumentContext document = tailer.readingDocument())
            {
                if (!document.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = document.wire().bytes();
                final int whole = (int)bytes.readRemaining();
                copy.checkLimit(whole);
                bytes.read(copy.byteArray(), 0, whole);
                if (whole < JournalDescriptor.CHECKSUM_LENGTH || !intact(whole))
                {
                    torn++;
                    continue;
                }
                length = whole - JournalDescriptor.CHECKSUM_LENGTH;
                index = document.index();
                view.wrap(copy, 0, length);
                return true;
            }
        }
    }

    /**
     * @return entries passed over because their checksum did not hold.
     */
    public long torn()
    {
        return torn;
    }

    /**
     * Moves past up to {@code count} whole entries.
     *
     * @return how many it moved past: fewer than {@code count} at the end of the journal.
     */
    public long skip(final long count)
    {
        long skipped = 0;
        while (skipped < count && next())
        {
            skipped++;
        }
        return skipped;
    }

    private boolean intact(final int whole)
    {
        final int body = whole - JournalDescriptor.CHECKSUM_LENGTH;
        checksum.reset();
        checksum.update(copy.byteArray(), 0, body);
        return (int)checksum.getValue() == copy.getInt(body, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the journal index of the entry last read.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return the whole entry last read.
     */
    DirectBuffer entry()
    {
        return view;
    }

    int entryLength()
    {
        return length;
    }
}
