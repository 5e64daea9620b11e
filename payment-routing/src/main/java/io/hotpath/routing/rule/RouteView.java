package io.hotpath.routing.rule;

import io.hotpath.core.sbe.RouteDecoder;

/**
 * The fields of one {@code Route} that rules test, copied out of the flyweight once so
 * conditions read plain fields. Reused for every request.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
public final class RouteView
{
    /** Most metadata pairs a request carries. */
    public static final int MAX_METADATA = MetadataPairs.MAX;

    public long amount;
    public int currency;
    public int network;
    public int cardType;
    public int bin;
    public int binLength;
    public int issuerCountry;
    public int customerCountry;
    public int mcc;
    public int channel;
    public int threeDs;
    public final MetadataPairs metadata = new MetadataPairs();

    /**
     * Copies the request's fields. Reads the metadata group, so call it before the decoder moves on.
     */
    public RouteView read(final RouteDecoder request)
    {
        amount = request.amount();
        currency = request.currency();
        network = request.networkRaw();
        cardType = request.cardTypeRaw();
        bin = (int)request.bin();
        binLength = request.binLength();
        issuerCountry = request.issuerCountry();
        customerCountry = request.customerCountry();
        mcc = request.mcc();
        channel = request.channelRaw();
        threeDs = request.threeDsRaw();
        metadata.clear();
        for (final RouteDecoder.MetadataDecoder entry : request.metadata())
        {
            metadata.add(entry.keyHash(), entry.valueHash());
        }
        return this;
    }
}
