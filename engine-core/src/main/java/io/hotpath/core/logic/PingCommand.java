package io.hotpath.core.logic;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PingEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code Ping} command: set its fields, publish it, set them again.
 *
 * <p>Not thread-safe; one per publishing thread or per call.
 */
public final class PingCommand extends StampedCommand
{
    /** Encoded length of every ping. */
    public static final int LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PingEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PingEncoder encoder = new PingEncoder();

    public PingCommand set(final long tenantId, final long correlationId, final long ingressTime)
    {
        this.tenantId = tenantId;
        this.correlationId = correlationId;
        this.ingressTime = ingressTime;
        return this;
    }

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        return LENGTH;
    }
}
