package io.hotpath.pricing;

import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ValidateQuoteEncoder;
import io.hotpath.core.shard.StampedCommand;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code ValidateQuote}.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class ValidateQuoteCommand extends StampedCommand
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ValidateQuoteEncoder encoder = new ValidateQuoteEncoder();

    public long quoteId;
    public long skuKey;
    public long quantity;
    public int currency;
    public boolean consume;

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        encoder.quoteId(quoteId).skuKey(skuKey).quantity(quantity).currency(currency).consume((short)(consume ? 1 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
