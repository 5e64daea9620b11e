package io.hotpath.core.shard;

import org.agrona.MutableDirectBuffer;

/**
 * Writes one command, as an SBE message with its header, into a ring slot.
 *
 * <p>Called on the publishing thread while the slot is claimed, so it must be quick and must not
 * block. Reusable instances (one per connection, say) keep the publish path free of allocation.
 */
@FunctionalInterface
public interface CommandSource
{
    /**
     * @param buffer the slot's command buffer, starting at offset 0.
     * @return the number of bytes written.
     */
    int encodeCommand(MutableDirectBuffer buffer);

    /**
     * @return the encoded length when the command may be larger than a ring slot (control
     *         commands carrying a config); 0, the default, when it always fits a slot.
     */
    default int encodedLength()
    {
        return 0;
    }
}
