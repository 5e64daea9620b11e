package io.hotpath.gateway.binary;

import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PingDecoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.ReportFraudLabelDecoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteRequestDecoder;
import io.hotpath.core.sbe.ValidateQuoteDecoder;
import io.hotpath.gateway.auth.Principal;
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Decides whether one frame from a binary client is a command the front may publish, reading it in
 * place: no copy, no allocation.
 *
 * <pre>
 *   shorter than a command, or another schema      INVALID_ARGUMENT
 *   not a command this front takes                 UNKNOWN_COMMAND    (ticks and recovery marks are the
 *                                                                     engine's own; price streams are gRPC's)
 *   a control command from a caller not operator   PERMISSION_DENIED
 *   a block shorter than its template's, or a
 *   message that runs past its frame or stops
 *   short of it (walked group by group)            INVALID_ARGUMENT
 *   tenant_id 0, or another tenant than the caller's  INVALID_ARGUMENT / PERMISSION_DENIED
 * </pre>
 *
 * What each field of an accepted command means is the decision logic's to check, as it does for the
 * commands the gRPC front encodes.
 *
 * <p>Not thread-safe; one per connection, on its event loop.
 */
final class CommandFrames
{
    private static final int MAX_TEMPLATE_ID = 255;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder meta = new CommandMetaDecoder();
    private final MessageDecoderFlyweight[] decoders = new MessageDecoderFlyweight[MAX_TEMPLATE_ID + 1];
    private final boolean[] operatorOnly = new boolean[MAX_TEMPLATE_ID + 1];
    private String reason;
    private int templateId;
    private long tenantId;
    private long correlationId;

    CommandFrames()
    {
        take(new PingDecoder(), false);
        take(new DecidePaymentDecoder(), false);
        take(new RouteRequestDecoder(), false);
        take(new ReportOutcomeDecoder(), false);
        take(new ReportFraudLabelDecoder(), false);
        take(new QuoteDecoder(), false);
        take(new ValidateQuoteDecoder(), false);
        take(new PublishMarketDataDecoder(), false);
        take(new ApplyConfigDecoder(), true);
    }

    private void take(final MessageDecoderFlyweight decoder, final boolean forOperators)
    {
        decoders[decoder.sbeTemplateId()] = decoder;
        operatorOnly[decoder.sbeTemplateId()] = forOperators;
    }

    /**
     * @param frame  the buffer holding the frame.
     * @param offset where its SBE message starts.
     * @param length the message's length.
     * @return {@link ResultCode#OK} to publish it; otherwise why not, with {@link #reason()}.
     */
    ResultCode check(final DirectBuffer frame, final int offset, final int length, final Principal caller)
    {
        templateId = 0;
        tenantId = 0;
        correlationId = 0;
        if (length < FrameDescriptor.MIN_COMMAND_LENGTH)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: shorter than a command");
        }
        header.wrap(frame, offset);
        templateId = header.templateId();
        meta.wrap(frame, offset + MessageHeaderDecoder.ENCODED_LENGTH);
        tenantId = meta.tenantId();
        correlationId = meta.correlationId();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.version() > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: not a message of this engine's schema");
        }
        final MessageDecoderFlyweight decoder = templateId <= MAX_TEMPLATE_ID ? decoders[templateId] : null;
        if (decoder == null)
        {
            return refuse(ResultCode.UNKNOWN_COMMAND, "frame: not a command the binary front takes (price streams are on gRPC)");
        }
        if (operatorOnly[templateId] && !caller.operator())
        {
            return refuse(ResultCode.PERMISSION_DENIED, "control commands are for operators");
        }
        final int blockLength = header.blockLength();
        if (blockLength < decoder.sbeBlockLength())
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: block shorter than its template's");
        }
        final int decoded;
        try
        {
            decoded = decoder.wrap(frame, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength, header.version()).sbeDecodedLength();
        }
        catch (final IndexOutOfBoundsException | IllegalStateException ex)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: the message runs past its frame");
        }
        if (decoded != length - MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: its length is not its message's");
        }
        if (tenantId <= 0)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "tenant_id: must be > 0");
        }
        if (!caller.mayActFor(tenantId))
        {
            return refuse(ResultCode.PERMISSION_DENIED, "tenant_id: not the tenant this connection acts for");
        }
        reason = null;
        return ResultCode.OK;
    }

    /**
     * @return why the last frame checked was refused.
     */
    String reason()
    {
        return reason;
    }

    int templateId()
    {
        return templateId;
    }

    long tenantId()
    {
        return tenantId;
    }

    long correlationId()
    {
        return correlationId;
    }

    private ResultCode refuse(final ResultCode code, final String why)
    {
        reason = why;
        return code;
    }
}
