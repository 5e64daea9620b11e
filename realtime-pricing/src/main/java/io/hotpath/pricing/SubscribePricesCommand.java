package io.hotpath.pricing;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.SubscribePricesEncoder;
import io.hotpath.core.shard.CommandSource;
import org.agrona.MutableDirectBuffer;

/**
 * A {@code SubscribePrices} command. A subscription may follow more SKUs than fit a ring slot, so
 * it says its length, and travels outside the slot when it must.
 *
 * @param tenantId       the tenant.
 * @param correlationId  echoed in the result.
 * @param ingressTime    command time.
 * @param subscriptionId unique in the engine.
 * @param currency       ISO 4217 numeric.
 * @param segmentKey     text key of the segment, 0 for none.
 * @param channelKey     text key of the channel, 0 for none.
 * @param skuKeys        text keys of the SKUs.
 */
public record SubscribePricesCommand(long tenantId, long correlationId, long ingressTime, long subscriptionId, int currency,
    long segmentKey, long channelKey, long[] skuKeys) implements CommandSource
{
    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        final SubscribePricesEncoder encoder = new SubscribePricesEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.meta().tenantId(tenantId).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
        encoder.subscriptionId(subscriptionId).currency(currency).segmentKey(segmentKey).channelKey(channelKey);
        final SubscribePricesEncoder.SkusEncoder skus = encoder.skusCount(skuKeys.length);
        for (final long skuKey : skuKeys)
        {
            skus.next().skuKey(skuKey);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Override
    public int encodedLength()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + SubscribePricesEncoder.BLOCK_LENGTH
            + SubscribePricesEncoder.SkusEncoder.sbeHeaderSize() + skuKeys.length * SubscribePricesEncoder.SkusEncoder.sbeBlockLength();
    }
}
