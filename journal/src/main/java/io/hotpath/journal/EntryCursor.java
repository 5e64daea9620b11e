package io.hotpath.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads one queue's entries in order, copying each into a reusable buffer.
 *
 * <p>Not thread-safe. The buffer returned by {@link #entry()} is valid until the next {@link #next()}.
 */
class EntryCursor
{
    private final ExcerptTailer tailer;
    private final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long index = -1;
    private int length;

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
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = document.wire().bytes();
            length = (int)bytes.readRemaining();
            copy.checkLimit(length);
            bytes.read(copy.byteArray(), 0, length);
            index = document.index();
            view.wrap(copy, 0, length);
            return true;
        }
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
