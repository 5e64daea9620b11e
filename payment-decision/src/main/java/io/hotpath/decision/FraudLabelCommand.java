package io.hotpath.decision;

import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ReportFraudLabelEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code ReportFraudLabel}.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class FraudLabelCommand extends StampedCommand
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReportFraudLabelEncoder encoder = new ReportFraudLabelEncoder();

    public long paymentId;
    public FraudLabel label = FraudLabel.FRAUD;
    public long cardFingerprint;
    public long emailKey;
    public long deviceKey;

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        encoder.paymentId(paymentId).label(label).cardFingerprint(cardFingerprint).emailKey(emailKey).deviceKey(deviceKey);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
