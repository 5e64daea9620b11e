package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.OutcomeRecordedDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.v1.BreakerState;
import io.hotpath.gateway.v1.CascadeAction;
import io.hotpath.gateway.v1.OutcomeReply;

/**
 * Encodes the answer to an outcome report as the gRPC reply of one call. Runs on the shard's egress thread.
 */
final class OutcomeReplyProxy implements ResultListener
{
    private static final ThreadLocal<OutcomeRecordedDecoder> RECORDED = ThreadLocal.withInitial(OutcomeRecordedDecoder::new);
    private static final ThreadLocal<CommandFailedDecoder> FAILED = ThreadLocal.withInitial(CommandFailedDecoder::new);
    private static final ThreadLocal<MessageHeaderDecoder> HEADER = ThreadLocal.withInitial(MessageHeaderDecoder::new);

    private final StreamObserver<OutcomeReply> observer;

    OutcomeReplyProxy(final StreamObserver<OutcomeReply> observer)
    {
        this.observer = observer;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        final MessageHeaderDecoder header = HEADER.get().wrap(event.result(), 0);
        if (header.templateId() != OutcomeRecordedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = FAILED.get().wrapAndApplyHeader(event.result(), 0, header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        final OutcomeRecordedDecoder recorded = RECORDED.get().wrapAndApplyHeader(event.result(), 0, header);
        final OutcomeReply.Builder reply = OutcomeReply.newBuilder()
            .setPaymentId(recorded.paymentId())
            .setAction(CascadeAction.forNumber(recorded.actionRaw() + 1))
            .setBreaker(BreakerState.forNumber(recorded.breakerStateRaw() + 1))
            .setEngineSequence(recorded.meta().engineSequence())
            .setCorrelationId(recorded.meta().correlationId());
        observer.onNext(reply.setNextProcessor(recorded.nextProcessor()).build());
        observer.onCompleted();
    }
}
