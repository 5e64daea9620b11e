package io.hotpath.gateway.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.gateway.v1.PriceLine;
import io.hotpath.gateway.v1.PriceLineKind;
import io.hotpath.gateway.v1.QuoteReply;
import org.agrona.DirectBuffer;

/**
 * Encodes a priced quote, with its breakdown, as the reply to one {@code Quote} call. Runs on the
 * shard's egress thread.
 */
final class QuoteReplyProxy extends ReplyProxy<QuoteReply>
{
    private static final ThreadLocal<PriceQuoteDecoder> QUOTE = ThreadLocal.withInitial(PriceQuoteDecoder::new);

    private final int shardId;
    private final String sku;

    QuoteReplyProxy(final int shardId, final String sku, final StreamObserver<QuoteReply> observer)
    {
        super(PriceQuoteDecoder.TEMPLATE_ID, observer);
        this.shardId = shardId;
        this.sku = sku;
    }

    @Override
    QuoteReply reply(final DirectBuffer result, final int length, final MessageHeaderDecoder header)
    {
        final PriceQuoteDecoder quote = QUOTE.get().wrapAndApplyHeader(result, 0, header);
        final QuoteReply.Builder reply = QuoteReply.newBuilder()
            .setQuoteId(QuoteIds.format(quote.quoteId()))
            .setSku(sku)
            .setQuantity(quote.quantity())
            .setCurrency(CurrencyCodes.alpha(quote.currency()))
            .setCurrencyDigits(CurrencyCodes.digits(quote.currency()))
            .setUnitPrice(quote.unitPrice())
            .setTotalPrice(quote.totalPrice())
            .setExpiresAt(timestamp(quote.expiresAt()))
            .setConfigVersion(quote.configVersion())
            .setEngineSequence(quote.meta().engineSequence())
            .setCorrelationId(quote.meta().correlationId())
            .setShardId(shardId);
        for (final PriceQuoteDecoder.LinesDecoder line : quote.lines())
        {
            final PriceLine.Builder builder = PriceLine.newBuilder()
                .setKind(PriceLineKind.forNumber(line.kindRaw() + 1))
                .setCurrency(CurrencyCodes.alpha(line.currency()))
                .setUnitPrice(line.unitPrice())
                .setFactorPpm(line.factorPpm());
            reply.addBreakdown(builder.setName(line.name()));
        }
        return reply.build();
    }

    static Timestamp timestamp(final long epochNanos)
    {
        return Timestamp.newBuilder()
            .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
            .setNanos((int)Math.floorMod(epochNanos, 1_000_000_000L))
            .build();
    }
}
