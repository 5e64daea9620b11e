package io.hotpath.decision;

import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.DecidePaymentEncoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.core.shard.StampedCommand;
import io.hotpath.routing.rule.MetadataPairs;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable {@code DecidePayment}: set its fields, publish it, set them again.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public final class DecidePaymentCommand extends StampedCommand
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DecidePaymentEncoder encoder = new DecidePaymentEncoder();
    private final MetadataPairs metadata = new MetadataPairs();

    public long paymentId;
    public long amount;
    public int currency;
    public int currencyDigits;
    public CardNetwork network = CardNetwork.VISA;
    public CardType cardType = CardType.CREDIT;
    public int bin;
    public int binLength;
    public int last4;
    public long cardFingerprint;
    public int issuerCountry;
    public int customerCountry;
    public int mcc;
    public Channel channel = Channel.ECOMMERCE;
    public ThreeDsStatus threeDs = ThreeDsStatus.NOT_ATTEMPTED;
    public long customerKey;
    public long emailKey;
    public long deviceKey;
    public long ipHigh;
    public long ipLow;

    public DecidePaymentCommand clearMetadata()
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
            .currencyDigits((short)currencyDigits)
            .network(network)
            .cardType(cardType)
            .bin(bin)
            .binLength((short)binLength)
            .last4(last4)
            .cardFingerprint(cardFingerprint)
            .issuerCountry(issuerCountry)
            .customerCountry(customerCountry)
            .mcc(mcc)
            .channel(channel)
            .threeDs(threeDs)
            .customerKey(customerKey)
            .emailKey(emailKey)
            .deviceKey(deviceKey)
            .ipHigh(ipHigh)
            .ipLow(ipLow);
        final DecidePaymentEncoder.MetadataEncoder pairs = encoder.metadataCount(metadata.count());
        for (int i = 0; i < metadata.count(); i++)
        {
            pairs.next().keyHash(metadata.key(i)).valueHash(metadata.value(i));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
