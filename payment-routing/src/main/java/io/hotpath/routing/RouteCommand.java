package io.hotpath.routing;

import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.RouteEncoder;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.core.shard.StampedCommand;
import io.hotpath.routing.rule.MetadataPairs;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code Route}: set its fields, publish it, reset and set them again. Fields are
 * public and plain, as the fronts fill them straight from their own decoded requests.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class RouteCommand extends StampedCommand
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RouteEncoder encoder = new RouteEncoder();
    private final MetadataPairs metadata = new MetadataPairs();

    public long paymentId;
    public long amount;
    public int currency;
    public CardNetwork network = CardNetwork.VISA;
    public CardType cardType = CardType.CREDIT;
    public int bin;
    public int binLength;
    public int issuerCountry;
    public int customerCountry;
    public int mcc;
    public Channel channel = Channel.ECOMMERCE;
    public ThreeDsStatus threeDs = ThreeDsStatus.NOT_ATTEMPTED;

    /**
     * Clears the metadata; the other fields are overwritten by the next request.
     */
    public RouteCommand clearMetadata()
    {
        metadata.clear();
        return this;
    }

    /**
     * @return false if the request already carries {@link MetadataPairs#MAX} pairs.
     */
    public boolean addMetadata(final long keyHash, final long valueHash)
    {
        return metadata.add(keyHash, valueHash);
    }

    @Override
    public int encodeCommand(final MutableDirectBuffer buffer)
    {
        stamp(encoder.wrapAndApplyHeader(buffer, 0, header).meta());
        encoder.paymentId(paymentId)
            .amount(amount)
            .currency(currency)
            .network(network)
            .cardType(cardType)
            .bin(bin)
            .binLength((short)binLength)
            .issuerCountry(issuerCountry)
            .customerCountry(customerCountry)
            .mcc(mcc)
            .channel(channel)
            .threeDs(threeDs);
        final RouteEncoder.MetadataEncoder pairs = encoder.metadataCount(metadata.count());
        for (int i = 0; i < metadata.count(); i++)
        {
            pairs.next().keyHash(metadata.key(i)).valueHash(metadata.value(i));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
