package io.hotpath.journal.tools;

import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.OutcomeRecordedDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.sbe.QuoteValidatedDecoder;
import io.hotpath.core.sbe.ReportFraudLabelDecoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.sbe.RouteDecoder;
import io.hotpath.core.sbe.ValidateQuoteDecoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.agrona.DirectBuffer;

/**
 * Reads what the journal tools need from any command or result: its template, tenant, correlation
 * id, time, and the business ids an analyst searches by (payment ids, quote ids).
 *
 * <p>Not thread-safe; one per thread.
 */
final class JournalEntries
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder commandMeta = new CommandMetaDecoder();
    private final ResultMetaDecoder resultMeta = new ResultMetaDecoder();
    private final DecidePaymentDecoder decidePayment = new DecidePaymentDecoder();
    private final RouteDecoder routeRequest = new RouteDecoder();
    private final ReportOutcomeDecoder reportOutcome = new ReportOutcomeDecoder();
    private final ReportFraudLabelDecoder fraudLabel = new ReportFraudLabelDecoder();
    private final ValidateQuoteDecoder validateQuote = new ValidateQuoteDecoder();
    private final PaymentDecisionDecoder paymentDecision = new PaymentDecisionDecoder();
    private final RouteDecisionDecoder routeDecision = new RouteDecisionDecoder();
    private final OutcomeRecordedDecoder outcomeRecorded = new OutcomeRecordedDecoder();
    private final PriceQuoteDecoder priceQuote = new PriceQuoteDecoder();
    private final QuoteValidatedDecoder quoteValidated = new QuoteValidatedDecoder();

    int templateId(final DirectBuffer message)
    {
        return header.wrap(message, 0).templateId();
    }

    long resultTenant(final DirectBuffer result)
    {
        return resultMeta.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH).tenantId();
    }

    long resultSequence(final DirectBuffer result)
    {
        return resultMeta.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH).engineSequence();
    }

    /**
     * @return true if {@code id} is the command's correlation id, payment id or quote id.
     */
    boolean commandHasId(final DirectBuffer command, final long id)
    {
        if (commandMeta.wrap(command, MessageHeaderDecoder.ENCODED_LENGTH).correlationId() == id)
        {
            return true;
        }
        header.wrap(command, 0);
        switch (header.templateId())
        {
            case DecidePaymentDecoder.TEMPLATE_ID:
                return decidePayment.wrapAndApplyHeader(command, 0, header).paymentId() == id;
            case RouteDecoder.TEMPLATE_ID:
                return routeRequest.wrapAndApplyHeader(command, 0, header).paymentId() == id;
            case ReportOutcomeDecoder.TEMPLATE_ID:
                return reportOutcome.wrapAndApplyHeader(command, 0, header).paymentId() == id;
            case ReportFraudLabelDecoder.TEMPLATE_ID:
                return fraudLabel.wrapAndApplyHeader(command, 0, header).paymentId() == id;
            case ValidateQuoteDecoder.TEMPLATE_ID:
                return validateQuote.wrapAndApplyHeader(command, 0, header).quoteId() == id;
            default:
                return false;
        }
    }

    /**
     * @return true if {@code id} is the result's correlation id, payment id or quote id.
     */
    boolean resultHasId(final DirectBuffer result, final long id)
    {
        if (resultMeta.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH).correlationId() == id)
        {
            return true;
        }
        header.wrap(result, 0);
        switch (header.templateId())
        {
            case PaymentDecisionDecoder.TEMPLATE_ID:
                return paymentDecision.wrapAndApplyHeader(result, 0, header).paymentId() == id;
            case RouteDecisionDecoder.TEMPLATE_ID:
                return routeDecision.wrapAndApplyHeader(result, 0, header).paymentId() == id;
            case OutcomeRecordedDecoder.TEMPLATE_ID:
                return outcomeRecorded.wrapAndApplyHeader(result, 0, header).paymentId() == id;
            case PriceQuoteDecoder.TEMPLATE_ID:
                return priceQuote.wrapAndApplyHeader(result, 0, header).quoteId() == id;
            case QuoteValidatedDecoder.TEMPLATE_ID:
                return quoteValidated.wrapAndApplyHeader(result, 0, header).quoteId() == id;
            default:
                return false;
        }
    }

    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * @return the time as a fixed-width UTC timestamp to the millisecond, for tables.
     */
    static String tableTime(final long epochNanos)
    {
        return TABLE_TIME.format(Instant.ofEpochSecond(0, epochNanos));
    }

    /**
     * @return the time as an ISO-8601 instant, for JSON.
     */
    static String instant(final long epochNanos)
    {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }
}
