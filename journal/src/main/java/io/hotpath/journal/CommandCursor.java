package io.hotpath.journal;

import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.DirectBuffer;

/**
 * Iterates a shard's journaled commands, from the start, from an index or from a time, and numbers
 * them: read from the start, the command last read has {@link #sequence()}, its engine sequence.
 *
 * <p>Not thread-safe.
 */
public final class CommandCursor extends EntryCursor
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder meta = new CommandMetaDecoder();

    private final long firstSequence;
    private long sequence;

    /**
     * @param firstSequence the engine sequence of the journal's first command.
     */
    CommandCursor(final ExcerptTailer tailer, final long firstSequence)
    {
        super(tailer);
        this.firstSequence = firstSequence;
        this.sequence = firstSequence - 1;
    }

    @Override
    public boolean next()
    {
        if (!super.next())
        {
            return false;
        }
        if (sequence >= 0)
        {
            sequence++;
        }
        return true;
    }

    @Override
    public void seekStart()
    {
        super.seekStart();
        sequence = firstSequence - 1;
    }

    /**
     * Positions the cursor so that the next entry read is the one at {@code index}; the cursor no
     * longer knows engine sequences.
     */
    @Override
    public boolean seekIndex(final long index)
    {
        sequence = -1;
        return super.seekIndex(index);
    }

    /**
     * Positions the cursor so that the next entry read is the one at {@code index}, whose engine sequence
     * the caller knows to be {@code sequence} (it read it before): the cursor numbers on from there.
     *
     * @return false if there is no entry at that index.
     */
    public boolean seekIndex(final long index, final long sequence)
    {
        final boolean positioned = super.seekIndex(index);
        this.sequence = positioned ? sequence - 1 : -1;
        return positioned;
    }

    /**
     * Positions the cursor at the first command of roll cycle {@code cycle}, numbering on from
     * {@code firstSequence}, the engine sequence of that command.
     *
     * @return false if the journal has no such cycle.
     */
    boolean seekCycle(final int cycle, final long firstSequence)
    {
        final boolean positioned = seekCycle(cycle);
        sequence = positioned ? firstSequence - 1 : -1;
        return positioned;
    }

    /**
     * @return the engine sequence of the command last read: one less than the journal's first
     *         before any is read; -1 after a seek other than to the start.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Reads on until the command last read is engine sequence {@code engineSequence}: the next
     * command read is the one after it.
     *
     * @return false if the journal ends before, or if it starts after {@code engineSequence + 1}.
     */
    public boolean skipTo(final long engineSequence)
    {
        if (sequence < 0 || engineSequence < sequence)
        {
            return false;
        }
        while (sequence < engineSequence)
        {
            if (!next())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Positions the cursor at the first command whose ingress time is at or after
     * {@code epochNanos}, still numbering commands. Ingress times come from several front threads, so they are nearly but not
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
                final long found = sequence;
                final boolean positioned = seekIndex(index());
                sequence = found - 1;
                return positioned;
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
