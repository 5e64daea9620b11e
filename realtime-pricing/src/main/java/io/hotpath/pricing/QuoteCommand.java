package io.hotpath.pricing;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.QuoteEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code Quote}: set its fields, publish it, set them again. Keys are
 * {@link io.hotpath.core.codes.TextKeys} of the texts the client sent.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class QuoteCommand extends StampedCommand
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final QuoteEncoder encoder = new QuoteEncoder();

    public long skuKey;
    public long quantity;
    public int currency;
    public long segmentKey;
    public long channelKey;

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        encoder.skuKey(skuKey).quantity(quantity).currency(currency).segmentKey(segmentKey).channelKey(channelKey);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
