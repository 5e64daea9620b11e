package io.hotpath.routing;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.ReportOutcomeEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code ReportOutcome}: set its fields and publish it.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class OutcomeCommand extends StampedCommand
{
    /** Encoded length of every outcome report. */
    public static final int LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ReportOutcomeEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReportOutcomeEncoder encoder = new ReportOutcomeEncoder();

    public long paymentId;
    public long processorKey;
    public Outcome outcome = Outcome.APPROVED;
    public long responseCodeKey;
    public long latencyMicros;

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        encoder.paymentId(paymentId)
            .processorKey(processorKey)
            .outcome(outcome)
            .responseCodeKey(responseCodeKey)
            .latencyMicros(latencyMicros);
        return LENGTH;
    }
}
