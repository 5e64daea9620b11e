package io.hotpath.gateway.decision;

import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ReportFraudLabelEncoder;
import io.hotpath.core.shard.CommandSource;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code ReportFraudLabel}.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class FraudLabelCommand implements CommandSource
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReportFraudLabelEncoder encoder = new ReportFraudLabelEncoder();

    public long tenantId;
    public long correlationId;
    public long ingressTime;
    public long paymentId;
    public FraudLabel label = FraudLabel.FRAUD;
    public long cardFingerprint;
    public long emailKey;
    public long deviceKey;

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header).meta()
            .tenantId(tenantId)
            .correlationId(correlationId)
            .ingressTime(ingressTime);
        encoder.paymentId(paymentId).label(label).cardFingerprint(cardFingerprint).emailKey(emailKey).deviceKey(deviceKey);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
