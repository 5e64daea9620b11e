package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import org.agrona.DirectBuffer;

/**
 * Answers one unary call from its command's result, on the shard's egress thread: the reply when
 * the result is the one expected, the gRPC status of the failure otherwise.
 *
 * @param <T> the reply message.
 */
abstract class ReplyProxy<T> implements ResultListener
{
    private static final ThreadLocal<CommandFailedDecoder> FAILED = ThreadLocal.withInitial(CommandFailedDecoder::new);
    private static final ThreadLocal<MessageHeaderDecoder> HEADER = ThreadLocal.withInitial(MessageHeaderDecoder::new);

    private final int templateId;
    private final StreamObserver<T> observer;

    /**
     * @param templateId the result template that answers the call.
     */
    ReplyProxy(final int templateId, final StreamObserver<T> observer)
    {
        this.templateId = templateId;
        this.observer = observer;
    }

    @Override
    public final void onResult(final ShardEvent event)
    {
        final MessageHeaderDecoder header = HEADER.get().wrap(event.result(), 0);
        if (header.templateId() != templateId)
        {
            final CommandFailedDecoder failed = FAILED.get().wrapAndApplyHeader(event.result(), 0, header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        observer.onNext(reply(event.result(), event.resultLength(), header));
        observer.onCompleted();
    }

    /**
     * @param length the result's length, header included.
     * @return the reply for the result, a message of the expected template.
     */
    abstract T reply(DirectBuffer result, int length, MessageHeaderDecoder header);
}
