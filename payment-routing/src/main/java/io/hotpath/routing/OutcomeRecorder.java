package io.hotpath.routing;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.BreakerState;
import io.hotpath.core.sbe.CascadeAction;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.OutcomeRecordedEncoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.routing.config.Processor;
import io.hotpath.routing.config.RoutingConfigParser;
import io.hotpath.routing.config.RoutingTable;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Applies one {@code ReportOutcome}: the outcome feeds the processor's circuit breaker and the
 * success-rate window of the payment's segment, then decides the cascade.
 *
 * <pre>
 *   APPROVED                                   DONE
 *   declined, not retriable                    STOP
 *   declined and retriable, ERROR, TIMEOUT     RETRY with the next untried processor whose breaker
 *                                              is not open; EXHAUSTED when none is left
 * </pre>
 *
 * A decline is retriable when its response code is in the processor's {@code retriable-codes}; a
 * decline without a code, or at a processor without that list, is retriable when it is a
 * {@code SOFT_DECLINE}. An outcome for a payment with no open cascade (never routed here, already
 * ended, or evicted) still feeds the breaker, and ends as DONE, STOP or EXHAUSTED.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
final class OutcomeRecorder
{
    private static final byte[] NONE = new byte[0];

    private final RoutingState state;
    private final ReportOutcomeDecoder report = new ReportOutcomeDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OutcomeRecordedEncoder recorded = new OutcomeRecordedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final long[] untried = new long[RoutingConfigParser.MAX_CANDIDATES];

    OutcomeRecorder(final RoutingState state)
    {
        this.state = state;
    }

    int record(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        report.wrapAndApplyHeader(command, 0, header);
        final long tenantId = report.meta().tenantId();
        final long now = report.meta().ingressTime();
        final RoutingTable table = state.tables.get(tenantId);
        if (table == null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "tenant_id: no routing config for this tenant", result);
        }
        final int index = table.processorIndex(report.processorKey());
        final Outcome outcome = report.outcome();
        if (index < 0)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "processor: not a processor of this tenant", result);
        }
        if (outcome == Outcome.NULL_VAL)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "outcome: unknown", result);
        }
        final Processor processor = table.processors()[index];
        final BreakerState breaker = state.breakers.record(
            RoutingState.breakerKey(tenantId, processor.key()), table.health(), outcome, report.latencyMicros(), now);

        final long paymentKey = RoutingState.paymentKey(tenantId, report.paymentId());
        final boolean cascading = state.cascades.contains(paymentKey);
        if (cascading)
        {
            state.windows.record(
                RoutingState.windowKey(tenantId, processor.key(), state.cascades.segment(paymentKey)),
                table.successRate(),
                outcome == Outcome.APPROVED,
                report.latencyMicros(),
                now);
            state.cascades.markTried(paymentKey, processor.key());
        }

        CascadeAction action;
        Processor next = null;
        if (outcome == Outcome.APPROVED)
        {
            action = CascadeAction.DONE;
        }
        else if (!retriable(processor, outcome, report.responseCodeKey()))
        {
            action = CascadeAction.STOP;
        }
        else
        {
            next = cascading ? nextProcessor(tenantId, paymentKey, table, now) : null;
            action = next == null ? CascadeAction.EXHAUSTED : CascadeAction.RETRY;
        }
        if (cascading && action != CascadeAction.RETRY)
        {
            state.cascades.end(paymentKey);
        }

        recorded.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, recorded.meta());
        recorded.paymentId(report.paymentId())
            .action(action)
            .breakerState(breaker)
            .nextProcessorKey(next == null ? TextKeys.NONE : next.key());
        final byte[] name = next == null ? NONE : next.idAscii();
        recorded.putNextProcessor(name, 0, name.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + recorded.encodedLength();
    }

    private static boolean retriable(final Processor processor, final Outcome outcome, final long responseCodeKey)
    {
        switch (outcome)
        {
            case ERROR:
            case TIMEOUT:
                return true;
            case SOFT_DECLINE:
            case HARD_DECLINE:
                if (responseCodeKey != TextKeys.NONE && processor.retriableCodes().length > 0)
                {
                    return processor.retriable(responseCodeKey);
                }
                return outcome == Outcome.SOFT_DECLINE;
            default:
                return false;
        }
    }

    private Processor nextProcessor(final long tenantId, final long paymentKey, final RoutingTable table, final long now)
    {
        final int count = state.cascades.untried(paymentKey, untried);
        for (int i = 0; i < count; i++)
        {
            final int index = table.processorIndex(untried[i]);
            if (index >= 0 && state.breakers.state(RoutingState.breakerKey(tenantId, untried[i]), table.health(), now)
                != BreakerState.OPEN)
            {
                return table.processors()[index];
            }
        }
        return null;
    }
}
