package io.hotpath.gateway.binary;

import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.MarketEventKind;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.PingDecoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.ReportFraudLabelDecoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecoder;
import io.hotpath.core.sbe.ThreeDsStatus;
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
 *   a data command longer than max-command-bytes   INVALID_ARGUMENT
 *   a block shorter than its template's, or a
 *   message that runs past its frame or stops
 *   short of it (walked group by group)            INVALID_ARGUMENT
 *   an enum value outside its type, payment_id 0    INVALID_ARGUMENT, naming the field
 *   tenant_id 0, or another tenant than the caller's  INVALID_ARGUMENT / PERMISSION_DENIED
 * </pre>
 *
 * What each field of an accepted command means is the decision logic's to check, as it does for the
 * commands the gRPC front encodes.
 *
 * <p>Not thread-safe; one per connection, on its event loop.
 */
public final class CommandFrames
{
    private static final int MAX_TEMPLATE_ID = 255;
    private static final String SHORT_GROUP = "frame: a group's entries are shorter than its template's";
    private static final String NO_PAYMENT_ID = "payment_id: required: must be > 0";

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder meta = new CommandMetaDecoder();
    private final MessageDecoderFlyweight[] decoders = new MessageDecoderFlyweight[MAX_TEMPLATE_ID + 1];
    private final boolean[] operatorOnly = new boolean[MAX_TEMPLATE_ID + 1];
    private String reason;
    private int templateId;
    private long tenantId;
    private long correlationId;
    private final int maxCommandBytes;

    /**
     * @param maxCommandBytes the largest data command, as a ring slot holds it; only an operator's
     *                        {@code ApplyConfig} may be larger (it travels in an array of its own).
     */
    public CommandFrames(final int maxCommandBytes)
    {
        this.maxCommandBytes = maxCommandBytes;
        take(new PingDecoder(), false);
        take(new DecidePaymentDecoder(), false);
        take(new RouteDecoder(), false);
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
    public ResultCode check(final DirectBuffer frame, final int offset, final int length, final Principal caller)
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
        if (!operatorOnly[templateId] && length > maxCommandBytes)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, "frame: " + length + " bytes; a command other than ApplyConfig holds at most "
                + maxCommandBytes + " (hotpath.ring.max-command-bytes)");
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
        final String badEnum = fields(templateId, frame, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength,
            header.version());
        if (badEnum != null)
        {
            return refuse(ResultCode.INVALID_ARGUMENT, badEnum);
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
     * Every enumerated field of the command holds one of its values (the decision logic reads them as
     * enums, and an unknown value is no decision), and every group's entries are as long as its
     * template's (the logic reads their fields where the template puts them). Only reached by
     * commands whose layout checked.
     *
     * @return null when they do; otherwise the field, named for the caller.
     */
    private String fields(final int template, final DirectBuffer frame, final int at, final int blockLength, final int version)
    {
        try
        {
            switch (template)
            {
                case DecidePaymentDecoder.TEMPLATE_ID:
                    final DecidePaymentDecoder payment = (DecidePaymentDecoder)decoders[template];
                    payment.wrap(frame, at, blockLength, version);
                    final String paymentCard = card(payment.networkRaw(), payment.cardTypeRaw(), payment.channelRaw(),
                        payment.threeDsRaw());
                    final boolean paymentShort =
                        payment.metadata().actingBlockLength() < DecidePaymentDecoder.MetadataDecoder.sbeBlockLength();
                    return payment.paymentId() <= 0 ? NO_PAYMENT_ID : paymentCard != null ? paymentCard : paymentShort ? SHORT_GROUP : null;
                case RouteDecoder.TEMPLATE_ID:
                    final RouteDecoder route = (RouteDecoder)decoders[template];
                    route.wrap(frame, at, blockLength, version);
                    final String routeCard = card(route.networkRaw(), route.cardTypeRaw(), route.channelRaw(), route.threeDsRaw());
                    final boolean routeShort =
                        route.metadata().actingBlockLength() < RouteDecoder.MetadataDecoder.sbeBlockLength();
                    return route.paymentId() <= 0 ? NO_PAYMENT_ID : routeCard != null ? routeCard : routeShort ? SHORT_GROUP : null;
                case ReportOutcomeDecoder.TEMPLATE_ID:
                    final ReportOutcomeDecoder outcome = (ReportOutcomeDecoder)decoders[template];
                    outcome.wrap(frame, at, blockLength, version);
                    return outcome.paymentId() <= 0 ? NO_PAYMENT_ID
                        : Outcome.get(outcome.outcomeRaw()) == Outcome.NULL_VAL ? "outcome: not an outcome" : null;
                case ReportFraudLabelDecoder.TEMPLATE_ID:
                    final ReportFraudLabelDecoder label = (ReportFraudLabelDecoder)decoders[template];
                    label.wrap(frame, at, blockLength, version);
                    return label.paymentId() <= 0 ? NO_PAYMENT_ID
                        : FraudLabel.get(label.labelRaw()) == FraudLabel.NULL_VAL ? "label: not a fraud label" : null;
                case PublishMarketDataDecoder.TEMPLATE_ID:
                    final PublishMarketDataDecoder market = (PublishMarketDataDecoder)decoders[template];
                    final PublishMarketDataDecoder.EventsDecoder events = market.wrap(frame, at, blockLength, version).events();
                    if (events.actingBlockLength() < PublishMarketDataDecoder.EventsDecoder.sbeBlockLength())
                    {
                        return SHORT_GROUP;
                    }
                    for (final PublishMarketDataDecoder.EventsDecoder event = events; event.hasNext(); )
                    {
                        if (MarketEventKind.get(event.next().kindRaw()) == MarketEventKind.NULL_VAL)
                        {
                            return "events.kind: not a market event kind";
                        }
                    }
                    return null;
                case ApplyConfigDecoder.TEMPLATE_ID:
                    final ApplyConfigDecoder config = (ApplyConfigDecoder)decoders[template];
                    return ConfigDomain.get(config.wrap(frame, at, blockLength, version).domainRaw()) == ConfigDomain.NULL_VAL
                        ? "domain: not a config domain" : null;
                default:
                    return null;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return "an enumerated field holds a value it does not have";
        }
    }

    private static String card(final short network, final short cardType, final short channel, final short threeDs)
    {
        if (CardNetwork.get(network) == CardNetwork.NULL_VAL)
        {
            return "network: not a card network";
        }
        if (CardType.get(cardType) == CardType.NULL_VAL)
        {
            return "card_type: not a card type";
        }
        if (Channel.get(channel) == Channel.NULL_VAL)
        {
            return "channel: not a channel";
        }
        return ThreeDsStatus.get(threeDs) == ThreeDsStatus.NULL_VAL ? "three_ds: not a 3-D Secure status" : null;
    }

    /**
     * @return why the last frame checked was refused.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @return the template of the last frame checked.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return the tenant the last frame checked names.
     */
    public long tenantId()
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
