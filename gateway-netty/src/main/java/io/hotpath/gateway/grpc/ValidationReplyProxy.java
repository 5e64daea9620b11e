package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.QuoteValidatedDecoder;
import io.hotpath.gateway.v1.QuoteStatus;
import io.hotpath.gateway.v1.ValidateQuoteReply;
import org.agrona.DirectBuffer;

/**
 * Encodes what became of a presented quote as the reply to one {@code ValidateQuote} call. Runs
 * on the shard's egress thread.
 */
final class ValidationReplyProxy extends ReplyProxy<ValidateQuoteReply>
{
    private static final ThreadLocal<QuoteValidatedDecoder> VALIDATED = ThreadLocal.withInitial(QuoteValidatedDecoder::new);

    ValidationReplyProxy(final StreamObserver<ValidateQuoteReply> observer)
    {
        super(QuoteValidatedDecoder.TEMPLATE_ID, observer);
    }

    @Override
    ValidateQuoteReply reply(final DirectBuffer result, final int length, final MessageHeaderDecoder header)
    {
        final QuoteValidatedDecoder validated = VALIDATED.get().wrapAndApplyHeader(result, 0, header);
        final ValidateQuoteReply.Builder reply = ValidateQuoteReply.newBuilder()
            .setQuoteId(QuoteIds.format(validated.quoteId()))
            .setStatus(QuoteStatus.forNumber(validated.statusRaw() + 1))
            .setUnitPrice(validated.unitPrice())
            .setTotalPrice(validated.totalPrice())
            .setCurrency(CurrencyCodes.alpha(validated.currency()))
            .setEngineSequence(validated.meta().engineSequence())
            .setCorrelationId(validated.meta().correlationId());
        if (validated.expiresAt() != 0)
        {
            reply.setExpiresAt(QuoteReplyProxy.timestamp(validated.expiresAt()));
        }
        return reply.setMismatchedField(validated.mismatch()).build();
    }
}
