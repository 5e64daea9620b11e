package io.hotpath.gateway.grpc;

import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PricesSubscribedDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.gateway.stream.PriceSubscriber;

/**
 * Hears whether the engine took a price stream's subscription, on the shard's egress thread. If it
 * did, the first prices follow through the outbox; if not, the stream ends with the reason.
 */
final class SubscriptionListener implements ResultListener
{
    private static final ThreadLocal<CommandFailedDecoder> FAILED = ThreadLocal.withInitial(CommandFailedDecoder::new);
    private static final ThreadLocal<MessageHeaderDecoder> HEADER = ThreadLocal.withInitial(MessageHeaderDecoder::new);

    private final PriceStreamHub streams;
    private final PriceSubscriber subscriber;

    SubscriptionListener(final PriceStreamHub streams, final PriceSubscriber subscriber)
    {
        this.streams = streams;
        this.subscriber = subscriber;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        final MessageHeaderDecoder header = HEADER.get().wrap(event.result(), 0);
        if (header.templateId() != PricesSubscribedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = FAILED.get().wrapAndApplyHeader(event.result(), 0, header);
            streams.fail(subscriber, GrpcStatuses.failed(failed.meta().code(), failed.reason()));
        }
    }
}
