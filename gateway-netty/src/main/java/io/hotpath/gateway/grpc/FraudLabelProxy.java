package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.FraudLabelRecordedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.v1.FraudLabelReply;

/**
 * Encodes the answer to a fraud label as the gRPC reply of one call. Runs on the shard's egress thread.
 */
final class FraudLabelProxy implements ResultListener
{
    private final StreamObserver<FraudLabelReply> observer;

    FraudLabelProxy(final StreamObserver<FraudLabelReply> observer)
    {
        this.observer = observer;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        // Labels are rare; fresh decoders keep this simple.
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(event.result(), 0);
        if (header.templateId() != FraudLabelRecordedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(event.result(), 0, header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        final FraudLabelRecordedDecoder recorded = new FraudLabelRecordedDecoder().wrapAndApplyHeader(event.result(), 0, header);
        observer.onNext(FraudLabelReply.newBuilder()
            .setPaymentId(recorded.paymentId())
            .setAddedToBlockList(recorded.blocked() == 1)
            .setEngineSequence(recorded.meta().engineSequence())
            .build());
        observer.onCompleted();
    }
}
