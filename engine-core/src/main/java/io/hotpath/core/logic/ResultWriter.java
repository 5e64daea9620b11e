package io.hotpath.core.logic;

import io.hotpath.core.sbe.CommandFailedEncoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the results every command shares: the {@code ResultMeta} echo of a command's identity and
 * the {@code CommandFailed} answer. Reusable flyweights, so nothing is allocated.
 *
 * <p>Not thread-safe; one per logic thread.
 */
public final class ResultWriter
{
    /**
     * Every command starts its block with {@code CommandMeta}; anything shorter is not a command.
     */
    public static final int MIN_COMMAND_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH + CommandMetaDecoder.ENCODED_LENGTH;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandMetaDecoder metaDecoder = new CommandMetaDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandFailedEncoder failedEncoder = new CommandFailedEncoder();

    /**
     * Fills {@code meta} with the identity of {@code command} (zeroes where the command is too
     * short to carry one), the engine sequence and the code.
     */
    public void echoMeta(
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final ResultCode code,
        final ResultMetaEncoder meta)
    {
        long tenantId = 0;
        long correlationId = 0;
        if (length >= MIN_COMMAND_LENGTH)
        {
            metaDecoder.wrap(command, MessageHeaderDecoder.ENCODED_LENGTH);
            tenantId = metaDecoder.tenantId();
            correlationId = metaDecoder.correlationId();
        }
        meta.tenantId(tenantId).correlationId(correlationId).engineSequence(engineSequence).code(code);
    }

    /**
     * Writes a {@code CommandFailed} result for {@code command}.
     *
     * @param reason ASCII text for people; it must not vary between runs, or replays would differ.
     * @return the length written.
     */
    public int failed(
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final ResultCode code,
        final String reason,
        final MutableDirectBuffer result)
    {
        int templateId = 0;
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            templateId = headerDecoder.wrap(command, 0).templateId();
        }
        failedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        echoMeta(command, length, engineSequence, code, failedEncoder.meta());
        failedEncoder.commandTemplateId(templateId).reason((CharSequence)reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + failedEncoder.encodedLength();
    }
}
