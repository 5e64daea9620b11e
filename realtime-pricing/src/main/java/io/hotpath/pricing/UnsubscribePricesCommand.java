package io.hotpath.pricing;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.UnsubscribePricesEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes {@code UnsubscribePrices}.
 */
public final class UnsubscribePricesCommand
{
    private UnsubscribePricesCommand()
    {
    }

    /**
     * @return the length written at offset 0 of {@code buffer}.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final long tenantId, final long correlationId, final long ingressTime, final long subscriptionId)
    {
        final UnsubscribePricesEncoder encoder = new UnsubscribePricesEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.meta().tenantId(tenantId).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
        encoder.subscriptionId(subscriptionId);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
