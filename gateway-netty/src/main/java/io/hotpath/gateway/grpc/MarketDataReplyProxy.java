package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.MarketDataAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.gateway.v1.MarketDataReply;
import org.agrona.DirectBuffer;

/**
 * Encodes an applied market data batch as the reply to one {@code PublishMarketData} call. Runs on
 * the shard's egress thread.
 */
final class MarketDataReplyProxy extends ReplyProxy<MarketDataReply>
{
    private static final ThreadLocal<MarketDataAppliedDecoder> APPLIED = ThreadLocal.withInitial(MarketDataAppliedDecoder::new);

    MarketDataReplyProxy(final StreamObserver<MarketDataReply> observer)
    {
        super(MarketDataAppliedDecoder.TEMPLATE_ID, observer);
    }

    @Override
    MarketDataReply reply(final DirectBuffer result, final int length, final MessageHeaderDecoder header)
    {
        final MarketDataAppliedDecoder applied = APPLIED.get().wrapAndApplyHeader(result, 0, header);
        return MarketDataReply.newBuilder()
            .setEventsApplied(applied.events())
            .setPricesMoved(applied.pricesMoved())
            .setEngineSequence(applied.meta().engineSequence())
            .setCorrelationId(applied.meta().correlationId())
            .build();
    }
}
