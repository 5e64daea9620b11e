package io.hotpath.tools.whatif;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.sbe.RouteDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What an analyst compares between a journaled decision and a replayed one: a payment's action,
 * score, deciding rule and first processor; a route's first processor and rule; a quote's price.
 * Read from a result message, given the command it answers.
 *
 * <p>Not thread-safe; reused for every result.
 */
final class DecisionFacets
{
    /** What kind of decision a command asks for. */
    enum Kind
    {
        PAYMENT, ROUTE, QUOTE, OTHER
    }

    /** The action of a payment the engine refused to decide (no routing config, say). */
    static final String REFUSED = "REFUSED";

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PaymentDecisionDecoder payment = new PaymentDecisionDecoder();
    private final RouteDecisionDecoder route = new RouteDecisionDecoder();
    private final PriceQuoteDecoder quote = new PriceQuoteDecoder();
    private final CommandFailedDecoder failed = new CommandFailedDecoder();
    private final UnsafeBuffer routing = new UnsafeBuffer(0, 0);

    Kind kind;
    String resultType;
    /** The payment or quote id the result names; 0 when it names none. */
    long id;
    /** OK, or the code the command was refused with. */
    ResultCode code;
    String action;
    int score;
    /** The fraud rule that decided a payment. */
    String rule;
    /** The routing rule that chose the processors; empty for the default route. */
    String routeRule;
    String processor;
    long skuKey;
    int currency;
    long quantity;
    long unitPrice;
    long totalPrice;

    static Kind kindOf(final int commandTemplateId)
    {
        switch (commandTemplateId)
        {
            case DecidePaymentDecoder.TEMPLATE_ID:
                return Kind.PAYMENT;
            case RouteDecoder.TEMPLATE_ID:
                return Kind.ROUTE;
            case QuoteDecoder.TEMPLATE_ID:
                return Kind.QUOTE;
            default:
                return Kind.OTHER;
        }
    }

    /**
     * @param kind   what the command asked for.
     * @param result the result message, with its header.
     */
    DecisionFacets read(final Kind kind, final DirectBuffer result, final String resultType)
    {
        this.kind = kind;
        this.resultType = resultType;
        code = ResultCode.OK;
        id = 0;
        routing.wrap(0, 0);
        action = "";
        score = -1;
        rule = "";
        routeRule = "";
        processor = "";
        skuKey = 0;
        currency = 0;
        quantity = 0;
        unitPrice = 0;
        totalPrice = 0;
        header.wrap(result, 0);
        switch (header.templateId())
        {
            case PaymentDecisionDecoder.TEMPLATE_ID:
                readPayment(result);
                break;
            case RouteDecisionDecoder.TEMPLATE_ID:
                readRoute(result, 0);
                break;
            case PriceQuoteDecoder.TEMPLATE_ID:
                readQuote(result);
                break;
            case CommandFailedDecoder.TEMPLATE_ID:
                code = failed.wrapAndApplyHeader(result, 0, header).meta().code();
                action = kind == Kind.PAYMENT ? REFUSED : "";
                break;
            default:
                break;
        }
        return this;
    }

    /**
     * @return a label for the route taken: the first processor, or why there is none.
     */
    String routeLabel()
    {
        if (!processor.isEmpty())
        {
            return processor;
        }
        if (kind == Kind.PAYMENT && !REFUSED.equals(action) && routing.capacity() == 0)
        {
            return "(not routed)";
        }
        return "(none: " + code + ")";
    }

    private void readPayment(final DirectBuffer result)
    {
        payment.wrapAndApplyHeader(result, 0, header);
        code = payment.meta().code();
        id = payment.paymentId();
        action = payment.action().name();
        score = payment.score();
        for (final PaymentDecisionDecoder.FiredRulesDecoder fired = payment.firedRules(); fired.hasNext(); )
        {
            fired.next().skipName();
        }
        for (final PaymentDecisionDecoder.TopFeaturesDecoder feature = payment.topFeatures(); feature.hasNext(); )
        {
            feature.next().skipFeature();
        }
        payment.skipModelVersion();
        rule = payment.decidingRule();
        payment.wrapRouting(routing);
        if (routing.capacity() >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            readRoute(routing, 0);
        }
    }

    private void readRoute(final DirectBuffer message, final int offset)
    {
        route.wrapAndApplyHeader(message, offset, header.wrap(message, offset));
        if (kind == Kind.ROUTE)
        {
            code = route.meta().code();
            id = route.paymentId();
        }
        final RouteDecisionDecoder.CandidatesDecoder candidates = route.candidates();
        while (candidates.hasNext())
        {
            candidates.next();
            if (processor.isEmpty())
            {
                processor = candidates.processor();
            }
            else
            {
                candidates.skipProcessor();
            }
        }
        for (final RouteDecisionDecoder.ExcludedDecoder excluded = route.excluded(); excluded.hasNext(); )
        {
            excluded.next().skipProcessor();
        }
        routeRule = route.rule();
        if (processor.isEmpty() && kind == Kind.PAYMENT)
        {
            code = route.meta().code();
        }
    }

    private void readQuote(final DirectBuffer result)
    {
        quote.wrapAndApplyHeader(result, 0, header);
        code = quote.meta().code();
        id = quote.quoteId();
        skuKey = quote.skuKey();
        currency = quote.currency();
        quantity = quote.quantity();
        unitPrice = quote.unitPrice();
        totalPrice = quote.totalPrice();
    }
}
