package io.hotpath.core.logic;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PingEncoder;
import io.hotpath.core.shard.CommandSource;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code Ping} command: set its fields, publish it, set them again.
 *
 * <p>Not thread-safe; one per publishing thread or per call.
 */
public final class PingCommand implements CommandSource
{
    /** Encoded length of every ping. */
    public static final int LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PingEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PingEncoder encoder = new PingEncoder();
    private long tenantId;
    private long correlationId;
    private long ingressTime;

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
        encoder.wrapAndApplyHeader(buffer, 0, header).meta()
            .tenantId(tenantId)
            .correlationId(correlationId)
            .ingressTime(ingressTime);
        return LENGTH;
    }
}
