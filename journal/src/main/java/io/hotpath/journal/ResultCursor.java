package io.hotpath.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Iterates a shard's journaled results in the order they were released.
 *
 * <p>Not thread-safe.
 */
public final class ResultCursor extends EntryCursor
{
    private final UnsafeBuffer result = new UnsafeBuffer(0, 0);

    ResultCursor(final ExcerptTailer tailer)
    {
        super(tailer);
    }

    /**
     * @return the journal index of the command this result answers.
     */
    public long commandIndex()
    {
        return entry().getLong(JournalDescriptor.RESULT_COMMAND_INDEX_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return epoch nanoseconds at which the result was released.
     */
    public long egressTime()
    {
        return entry().getLong(JournalDescriptor.RESULT_EGRESS_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the SBE result message, with its header.
     */
    public DirectBuffer result()
    {
        result.wrap(entry(), JournalDescriptor.RESULT_MESSAGE_OFFSET, length());
        return result;
    }

    public int length()
    {
        return entryLength() - JournalDescriptor.RESULT_MESSAGE_OFFSET;
    }
}
