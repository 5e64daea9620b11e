package io.hotpath.core.shard;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One preallocated slot of a shard's ring: the command bytes on the way in, the result bytes on
 * the way out, and the stage timestamps in between.
 *
 * <pre>
 *   stage              writes                                    reads
 *   ingress (publish)  command, commandLength, listener,         -
 *                      publishedAt
 *   journal handler    journalIndex, journaled, journaledAt      command
 *   decision handler   result, resultLength, decidedAt,          command
 *                      engineSequence
 *   replicator         -                                         command, result, engineSequence
 *   egress handler     egressAt, then clears the slot            everything
 * </pre>
 *
 * <p>The Disruptor's sequence barriers order these writes, so the fields are plain. A listener may
 * read the event only inside {@link ResultListener#onResult(ShardEvent)}; the slot is reused after.
 *
 * <p>A command larger than the slot (a config, say: control commands only) travels in an array
 * allocated for it and dropped when the slot is cleared, so the slots stay small for the traffic
 * that matters.
 */
public final class ShardEvent
{
    private final UnsafeBuffer slotCommand;
    private final UnsafeBuffer largeCommand = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer result;
    private UnsafeBuffer command;
    private final UnsafeBuffer commandView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer resultView = new UnsafeBuffer(0, 0);

    int commandLength;
    int resultLength;
    ResultListener listener;

    long publishedAt;
    long journaledAt;
    long decidedAt;
    long egressAt;

    long journalIndex;
    boolean journaled;
    long engineSequence;

    ShardEvent(final int maxCommandLength, final int maxResultLength)
    {
        // Heap arrays, so the journal can hand them to Chronicle without a copy.
        slotCommand = new UnsafeBuffer(new byte[maxCommandLength]);
        command = slotCommand;
        result = new UnsafeBuffer(new byte[maxResultLength]);
    }

    MutableDirectBuffer commandBuffer()
    {
        return command;
    }

    /**
     * @param length the command's length when it may exceed the slot; 0 when it fits.
     * @return the buffer to encode the command into.
     */
    MutableDirectBuffer prepareCommand(final int length)
    {
        if (length > slotCommand.capacity())
        {
            largeCommand.wrap(new byte[length]);
            command = largeCommand;
        }
        return command;
    }

    MutableDirectBuffer resultBuffer()
    {
        return result;
    }

    /**
     * @return the command bytes, exactly {@link #commandLength()} long.
     */
    public DirectBuffer command()
    {
        commandView.wrap(command, 0, commandLength);
        return commandView;
    }

    public int commandLength()
    {
        return commandLength;
    }

    /**
     * @return the result bytes, exactly {@link #resultLength()} long: an SBE message with its header.
     */
    public DirectBuffer result()
    {
        resultView.wrap(result, 0, resultLength);
        return resultView;
    }

    public int resultLength()
    {
        return resultLength;
    }

    /**
     * @return the journal's index of the command, valid when the command was journaled.
     */
    public long journalIndex()
    {
        return journalIndex;
    }

    /**
     * @return whether the command was appended to the journal (then {@link #journalIndex()} holds).
     */
    public boolean journaled()
    {
        return journaled;
    }

    /**
     * @return the engine sequence the decision logic gave the command: commands applied by the shard, this one included.
     */
    public long engineSequence()
    {
        return engineSequence;
    }

    /**
     * @return epoch nanoseconds at which the command entered the ring.
     */
    public long publishedAt()
    {
        return publishedAt;
    }

    /**
     * @return epoch nanoseconds at which the command was appended to the journal.
     */
    public long journaledAt()
    {
        return journaledAt;
    }

    /**
     * @return epoch nanoseconds at which the decision logic wrote the result.
     */
    public long decidedAt()
    {
        return decidedAt;
    }

    /**
     * @return epoch nanoseconds at which egress released the result.
     */
    public long egressAt()
    {
        return egressAt;
    }

    void reset()
    {
        if (command != slotCommand)
        {
            largeCommand.wrap(slotCommand, 0, 0);
            command = slotCommand;
        }
        commandLength = 0;
        resultLength = 0;
        listener = null;
        publishedAt = 0;
        journaledAt = 0;
        decidedAt = 0;
        egressAt = 0;
        journalIndex = -1;
        journaled = false;
        engineSequence = 0;
    }
}
