package io.hotpath.export;

import com.google.protobuf.Message;
import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.ConfigAppliedDecoder;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.FraudLabelRecordedDecoder;
import io.hotpath.core.sbe.MarketDataAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.OutcomeRecordedDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.sbe.PublishMarketDataDecoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.QuoteValidatedDecoder;
import io.hotpath.core.sbe.ReportFraudLabelDecoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.sbe.RouteDecoder;
import io.hotpath.core.sbe.ValidateQuoteDecoder;
import io.hotpath.events.v1.AttemptReported;
import io.hotpath.events.v1.ConfigChanged;
import io.hotpath.events.v1.EventHeader;
import io.hotpath.events.v1.FraudLabelled;
import io.hotpath.events.v1.MarketDataApplied;
import io.hotpath.events.v1.PaymentDecided;
import io.hotpath.events.v1.QuoteEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns a journaled command and its result into the platform's event, or into nothing for commands
 * the platform does not hear of (pings, ticks, snapshots, price streams).
 *
 * <p>Runs on an exporter's thread, never on a shard's: it allocates freely. Not thread-safe; one per exporter.
 */
public final class EventMapper
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandMetaDecoder commandMeta = new CommandMetaDecoder();
    private final ResultMetaDecoder resultMeta = new ResultMetaDecoder();
    private final DecidePaymentDecoder decidePayment = new DecidePaymentDecoder();
    private final RouteDecoder route = new RouteDecoder();
    private final ReportOutcomeDecoder reportOutcome = new ReportOutcomeDecoder();
    private final ReportFraudLabelDecoder reportLabel = new ReportFraudLabelDecoder();
    private final QuoteDecoder quote = new QuoteDecoder();
    private final ValidateQuoteDecoder validateQuote = new ValidateQuoteDecoder();
    private final PublishMarketDataDecoder marketData = new PublishMarketDataDecoder();
    private final ApplyConfigDecoder applyConfig = new ApplyConfigDecoder();
    private final PaymentDecisionDecoder paymentDecision = new PaymentDecisionDecoder();
    private final RouteDecisionDecoder routeDecision = new RouteDecisionDecoder();
    private final OutcomeRecordedDecoder outcomeRecorded = new OutcomeRecordedDecoder();
    private final FraudLabelRecordedDecoder labelRecorded = new FraudLabelRecordedDecoder();
    private final PriceQuoteDecoder priceQuote = new PriceQuoteDecoder();
    private final QuoteValidatedDecoder quoteValidated = new QuoteValidatedDecoder();
    private final MarketDataAppliedDecoder marketApplied = new MarketDataAppliedDecoder();
    private final ConfigAppliedDecoder configApplied = new ConfigAppliedDecoder();
    private final CommandFailedDecoder failed = new CommandFailedDecoder();
    private final MessageHeaderDecoder routingHeader = new MessageHeaderDecoder();
    private final UnsafeBuffer routing = new UnsafeBuffer(0, 0);

    /**
     * @param sequence   the command's engine sequence.
     * @param command    the journaled command, with its SBE header.
     * @param result     the journaled result, with its SBE header.
     * @param resultTime when the result was released, epoch nanoseconds.
     * @return the event, or null when the platform does not hear of this command.
     * @throws IllegalArgumentException when the result does not answer the command (a journal that is not the engine's).
     */
    public ExportEvent map(final int shard, final long sequence, final DirectBuffer command, final DirectBuffer result,
        final long resultTime)
    {
        final int commandTemplate = header.wrap(command, 0).templateId();
        commandMeta.wrap(command, MessageHeaderDecoder.ENCODED_LENGTH);
        final long tenantId = commandMeta.tenantId();
        final long commandTime = commandMeta.ingressTime();
        final int resultTemplate = header.wrap(result, 0).templateId();
        resultMeta.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH);
        final EventHeader.Builder eventHeader = EventHeader.newBuilder()
            .setShard(shard)
            .setEngineSequence(sequence)
            .setTenantId(tenantId)
            .setCorrelationId(commandMeta.correlationId())
            .setCommandTimeNanos(commandTime)
            .setResultTimeNanos(resultTime)
            .setCode(resultMeta.code().name());
        final boolean commandFailed = resultTemplate == CommandFailedDecoder.TEMPLATE_ID;
        if (commandFailed)
        {
            eventHeader.setFailure(failed.wrapAndApplyHeader(result, 0, header).reason());
        }
        final Message message;
        final String key;
        switch (commandTemplate)
        {
            case DecidePaymentDecoder.TEMPLATE_ID:
            {
                final PaymentDecided.Builder event = decidedPayment(eventHeader, command);
                if (!commandFailed)
                {
                    expect(resultTemplate, PaymentDecisionDecoder.TEMPLATE_ID, commandTemplate);
                    decision(event, result);
                }
                key = tenantId + ":" + event.getPaymentId();
                message = event.build();
                break;
            }
            case RouteDecoder.TEMPLATE_ID:
            {
                final RouteDecoder request = route.wrapAndApplyHeader(command, 0, header);
                final PaymentDecided.Builder event = PaymentDecided.newBuilder().setHeader(eventHeader)
                    .setPaymentId(request.paymentId())
                    .setAmount(request.amount())
                    .setCurrency(CurrencyCodes.alpha(request.currency()))
                    .setCurrencyDigits(CurrencyCodes.digits(request.currency()))
                    .setCardNetwork(request.network().name())
                    .setCardType(request.cardType().name())
                    .setBin(digits(request.bin(), request.binLength()))
                    .setIssuerCountry(CountryCodes.format(request.issuerCountry()))
                    .setCustomerCountry(CountryCodes.format(request.customerCountry()))
                    .setMcc(request.mcc())
                    .setChannel(request.channel().name())
                    .setThreeDs(request.threeDs().name());
                if (!commandFailed)
                {
                    expect(resultTemplate, RouteDecisionDecoder.TEMPLATE_ID, commandTemplate);
                    routed(event, routeDecision.wrapAndApplyHeader(result, 0, header));
                }
                key = tenantId + ":" + event.getPaymentId();
                message = event.build();
                break;
            }
            case ReportOutcomeDecoder.TEMPLATE_ID:
            {
                final ReportOutcomeDecoder report = reportOutcome.wrapAndApplyHeader(command, 0, header);
                final AttemptReported.Builder event = AttemptReported.newBuilder().setHeader(eventHeader)
                    .setPaymentId(report.paymentId())
                    .setProcessorKey(report.processorKey())
                    .setOutcome(report.outcome().name())
                    .setResponseCodeKey(report.responseCodeKey())
                    .setLatencyMicros(report.latencyMicros());
                if (!commandFailed)
                {
                    expect(resultTemplate, OutcomeRecordedDecoder.TEMPLATE_ID, commandTemplate);
                    final OutcomeRecordedDecoder recorded = outcomeRecorded.wrapAndApplyHeader(result, 0, header);
                    event.setNextAction(recorded.action().name())
                        .setBreakerState(recorded.breakerState().name())
                        .setNextProcessor(recorded.nextProcessor());
                }
                key = tenantId + ":" + event.getPaymentId();
                message = event.build();
                break;
            }
            case ReportFraudLabelDecoder.TEMPLATE_ID:
            {
                final ReportFraudLabelDecoder report = reportLabel.wrapAndApplyHeader(command, 0, header);
                final FraudLabelled.Builder event = FraudLabelled.newBuilder().setHeader(eventHeader)
                    .setPaymentId(report.paymentId())
                    .setLabel(report.label().name());
                if (!commandFailed)
                {
                    expect(resultTemplate, FraudLabelRecordedDecoder.TEMPLATE_ID, commandTemplate);
                    event.setBlocked(labelRecorded.wrapAndApplyHeader(result, 0, header).blocked() == 1);
                }
                key = tenantId + ":" + event.getPaymentId();
                message = event.build();
                break;
            }
            case QuoteDecoder.TEMPLATE_ID:
            {
                final QuoteDecoder request = quote.wrapAndApplyHeader(command, 0, header);
                final QuoteEvent.Builder event = QuoteEvent.newBuilder().setHeader(eventHeader)
                    .setStatus(commandFailed ? "" : "QUOTED")
                    .setSkuKey(request.skuKey())
                    .setQuantity(request.quantity())
                    .setCurrency(CurrencyCodes.alpha(request.currency()));
                if (!commandFailed)
                {
                    expect(resultTemplate, PriceQuoteDecoder.TEMPLATE_ID, commandTemplate);
                    final PriceQuoteDecoder quoted = priceQuote.wrapAndApplyHeader(result, 0, header);
                    event.setQuoteId(quoted.quoteId())
                        .setUnitPrice(quoted.unitPrice())
                        .setTotalPrice(quoted.totalPrice())
                        .setExpiresAtNanos(quoted.expiresAt());
                }
                key = tenantId + ":" + event.getSkuKey();
                message = event.build();
                break;
            }
            case ValidateQuoteDecoder.TEMPLATE_ID:
            {
                final ValidateQuoteDecoder request = validateQuote.wrapAndApplyHeader(command, 0, header);
                final QuoteEvent.Builder event = QuoteEvent.newBuilder().setHeader(eventHeader)
                    .setQuoteId(request.quoteId())
                    .setSkuKey(request.skuKey())
                    .setQuantity(request.quantity())
                    .setCurrency(CurrencyCodes.alpha(request.currency()));
                if (!commandFailed)
                {
                    expect(resultTemplate, QuoteValidatedDecoder.TEMPLATE_ID, commandTemplate);
                    final QuoteValidatedDecoder validated = quoteValidated.wrapAndApplyHeader(result, 0, header);
                    event.setStatus(validated.status().name())
                        .setUnitPrice(validated.unitPrice())
                        .setTotalPrice(validated.totalPrice())
                        .setExpiresAtNanos(validated.expiresAt())
                        .setMismatch(validated.mismatch());
                }
                key = tenantId + ":" + event.getSkuKey();
                message = event.build();
                break;
            }
            case PublishMarketDataDecoder.TEMPLATE_ID:
            {
                final MarketDataApplied.Builder event = MarketDataApplied.newBuilder().setHeader(eventHeader)
                    .setEvents(marketData.wrapAndApplyHeader(command, 0, header).events().count());
                if (!commandFailed)
                {
                    expect(resultTemplate, MarketDataAppliedDecoder.TEMPLATE_ID, commandTemplate);
                    event.setPricesMoved(marketApplied.wrapAndApplyHeader(result, 0, header).pricesMoved());
                }
                key = Long.toString(tenantId);
                message = event.build();
                break;
            }
            case ApplyConfigDecoder.TEMPLATE_ID:
            {
                final ApplyConfigDecoder request = applyConfig.wrapAndApplyHeader(command, 0, header);
                final ConfigChanged.Builder event = ConfigChanged.newBuilder().setHeader(eventHeader)
                    .setDomain(request.domain().name())
                    .setConfigVersion(request.configVersion());
                request.skipConfig();
                event.setOrigin(request.origin());
                if (!commandFailed)
                {
                    expect(resultTemplate, ConfigAppliedDecoder.TEMPLATE_ID, commandTemplate);
                    event.setConfigHash(configApplied.wrapAndApplyHeader(result, 0, header).configHash());
                }
                key = Long.toString(tenantId);
                message = event.build();
                break;
            }
            default:
                return null;
        }
        return new ExportEvent(topicOf(commandTemplate), key, message, shard, sequence, commandTime);
    }

    private static Topic topicOf(final int commandTemplate)
    {
        switch (commandTemplate)
        {
            case DecidePaymentDecoder.TEMPLATE_ID:
            case RouteDecoder.TEMPLATE_ID:
                return Topic.PAYMENTS;
            case ReportOutcomeDecoder.TEMPLATE_ID:
                return Topic.ROUTING_OUTCOMES;
            case ReportFraudLabelDecoder.TEMPLATE_ID:
                return Topic.FRAUD_LABELS;
            case QuoteDecoder.TEMPLATE_ID:
            case ValidateQuoteDecoder.TEMPLATE_ID:
                return Topic.QUOTES;
            case PublishMarketDataDecoder.TEMPLATE_ID:
                return Topic.MARKET_DATA;
            default:
                return Topic.CONFIG_CHANGES;
        }
    }

    private PaymentDecided.Builder decidedPayment(final EventHeader.Builder eventHeader, final DirectBuffer command)
    {
        final DecidePaymentDecoder request = decidePayment.wrapAndApplyHeader(command, 0, header);
        return PaymentDecided.newBuilder().setHeader(eventHeader)
            .setPaymentId(request.paymentId())
            .setAmount(request.amount())
            .setCurrency(CurrencyCodes.alpha(request.currency()))
            .setCurrencyDigits(request.currencyDigits())
            .setCardNetwork(request.network().name())
            .setCardType(request.cardType().name())
            .setBin(digits(request.bin(), request.binLength()))
            .setLast4(digits(request.last4(), 4))
            .setCardFingerprint(String.format("%016x", request.cardFingerprint()))
            .setIssuerCountry(CountryCodes.format(request.issuerCountry()))
            .setCustomerCountry(CountryCodes.format(request.customerCountry()))
            .setMcc(request.mcc())
            .setChannel(request.channel().name())
            .setThreeDs(request.threeDs().name());
    }

    private void decision(final PaymentDecided.Builder event, final DirectBuffer result)
    {
        final PaymentDecisionDecoder decided = paymentDecision.wrapAndApplyHeader(result, 0, header);
        event.setAction(decided.action().name()).setScore(decided.score()).setModelScore(decided.modelScore());
        // Groups and text are read in the order they were written, as SBE requires.
        for (final PaymentDecisionDecoder.FiredRulesDecoder rule : decided.firedRules())
        {
            final String name = rule.name();
            if (rule.shadow() == 0)
            {
                event.addFiredRules(name);
            }
        }
        for (final PaymentDecisionDecoder.TopFeaturesDecoder feature : decided.topFeatures())
        {
            feature.skipFeature();
        }
        event.setModelVersion(decided.modelVersion()).setDecidingRule(decided.decidingRule());
        if (decided.routingLength() > 0)
        {
            decided.wrapRouting(routing);
            routingHeader.wrap(routing, 0);
            routed(event, routeDecision.wrapAndApplyHeader(routing, 0, routingHeader));
        }
    }

    private static void routed(final PaymentDecided.Builder event, final RouteDecisionDecoder decided)
    {
        event.setRoutingStrategy(decided.strategy().name());
        for (final RouteDecisionDecoder.CandidatesDecoder candidate : decided.candidates())
        {
            event.addProcessorKeys(candidate.processorKey()).addProcessors(candidate.processor());
        }
        for (final RouteDecisionDecoder.ExcludedDecoder excluded : decided.excluded())
        {
            excluded.skipProcessor();
        }
        event.setRoutingRule(decided.rule());
    }

    private static void expect(final int resultTemplate, final int expected, final int commandTemplate)
    {
        if (resultTemplate != expected)
        {
            throw new IllegalArgumentException("command template " + commandTemplate + " answered by result template "
                + resultTemplate + ", not " + expected);
        }
    }

    /**
     * @return {@code value} as decimal digits, zero-padded to {@code width}.
     */
    private static String digits(final long value, final int width)
    {
        final String text = Long.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }
}
