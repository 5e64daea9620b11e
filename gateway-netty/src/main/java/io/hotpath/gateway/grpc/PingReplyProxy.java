package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.StageTimestamps;
import org.agrona.DirectBuffer;

/**
 * Encodes a ping's result as the gRPC reply of one call. Runs on the shard's egress thread.
 */
final class PingReplyProxy implements ResultListener
{
    // Decoders per egress thread, so that a reply allocates only its protobuf message.
    private static final ThreadLocal<Decoders> DECODERS = ThreadLocal.withInitial(Decoders::new);

    private final int shardId;
    private final StreamObserver<PingReply> observer;

    PingReplyProxy(final int shardId, final StreamObserver<PingReply> observer)
    {
        this.shardId = shardId;
        this.observer = observer;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        final Decoders decoders = DECODERS.get();
        final DirectBuffer result = event.result();
        decoders.header.wrap(result, 0);
        if (decoders.header.templateId() != PingResultDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = decoders.failed.wrapAndApplyHeader(result, 0, decoders.header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        final ResultMetaDecoder meta = decoders.ping.wrapAndApplyHeader(result, 0, decoders.header).meta();
        observer.onNext(PingReply.newBuilder()
            .setTenantId(meta.tenantId())
            .setCorrelationId(meta.correlationId())
            .setEngineSequence(meta.engineSequence())
            .setShardId(shardId)
            .setJournalIndex(event.journalIndex())
            .setStages(StageTimestamps.newBuilder()
                .setIngressEpochNanos(decoders.command.wrap(event.command(), MessageHeaderDecoder.ENCODED_LENGTH).ingressTime())
                .setJournaledEpochNanos(event.journaledAt())
                .setDecidedEpochNanos(event.decidedAt())
                .setEgressEpochNanos(event.egressAt()))
            .build());
        observer.onCompleted();
    }

    private static final class Decoders
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PingResultDecoder ping = new PingResultDecoder();
        final CommandFailedDecoder failed = new CommandFailedDecoder();
        final CommandMetaDecoder command = new CommandMetaDecoder();
    }
}
