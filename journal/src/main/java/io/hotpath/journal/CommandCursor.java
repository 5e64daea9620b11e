package io.hotpath.journal;

import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.DirectBuffer;

/**
 * Iterates a shard's journaled commands, from the start, from an index or from a time.
 *
 * <p>Not thread-safe.
 */
public final class CommandCursor extends EntryCursor
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder meta = new CommandMetaDecoder();

    CommandCursor(final ExcerptTailer tailer)
    {
        super(tailer);
    }

    /**
     * Positions the cursor at the first command whose ingress time is at or after
     * {@code epochNanos}. Ingress times come from several front threads, so they are nearly but not
     * strictly ordered; the scan is therefore linear rather than a binary search.
     *
     * @return false if no such command exists.
     */
    public boolean seekTime(final long epochNanos)
    {
        seekStart();
        while (next())
        {
            if (ingressTime() >= epochNanos)
            {
                return seekIndex(index());
            }
        }
        return false;
    }

    /**
     * @return the SBE command message last read, with its header.
     */
    public DirectBuffer command()
    {
        return entry();
    }

    public int length()
    {
        return entryLength();
    }

    public int templateId()
    {
        return header.wrap(entry(), 0).templateId();
    }

    public long tenantId()
    {
        return meta.wrap(entry(), MessageHeaderDecoder.ENCODED_LENGTH).tenantId();
    }

    public long correlationId()
    {
        return meta.wrap(entry(), MessageHeaderDecoder.ENCODED_LENGTH).correlationId();
    }

    public long ingressTime()
    {
        return meta.wrap(entry(), MessageHeaderDecoder.ENCODED_LENGTH).ingressTime();
    }
}
