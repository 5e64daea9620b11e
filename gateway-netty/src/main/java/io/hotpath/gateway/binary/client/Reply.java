package io.hotpath.gateway.binary.client;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One result from the binary front: the SBE result message as the shard wrote it (or the front's
 * CommandFailed, engine sequence 0, for a command refused before its shard). Wrap a decoder of its
 * {@link #templateId()} over {@link #buffer()} to read it.
 *
 * @param message the SBE message, with its header.
 */
public record Reply(byte[] message)
{
    public DirectBuffer buffer()
    {
        return new UnsafeBuffer(message);
    }

    public int templateId()
    {
        return new MessageHeaderDecoder().wrap(buffer(), 0).templateId();
    }

    public ResultCode code()
    {
        return meta().code();
    }

    public long correlationId()
    {
        return meta().correlationId();
    }

    /**
     * @return the shard's engine sequence for the command; 0 for a command the front refused.
     */
    public long engineSequence()
    {
        return meta().engineSequence();
    }

    /**
     * @return why the command failed, or null when it did not.
     */
    public String reason()
    {
        if (templateId() != CommandFailedDecoder.TEMPLATE_ID)
        {
            return null;
        }
        return new CommandFailedDecoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderDecoder()).reason();
    }

    private ResultMetaDecoder meta()
    {
        return new ResultMetaDecoder().wrap(buffer(), MessageHeaderDecoder.ENCODED_LENGTH);
    }
}
