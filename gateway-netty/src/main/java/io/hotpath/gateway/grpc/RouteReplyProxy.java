package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.v1.Candidate;
import io.hotpath.gateway.v1.ExcludedProcessor;
import io.hotpath.gateway.v1.Exclusion;
import io.hotpath.gateway.v1.RouteReply;
import io.hotpath.gateway.v1.RouteStrategy;

/**
 * Encodes a routing decision as the gRPC reply of one call. Runs on the shard's egress thread.
 */
final class RouteReplyProxy implements ResultListener
{
    private static final ThreadLocal<RouteDecisionDecoder> DECISION = ThreadLocal.withInitial(RouteDecisionDecoder::new);
    private static final ThreadLocal<CommandFailedDecoder> FAILED = ThreadLocal.withInitial(CommandFailedDecoder::new);
    private static final ThreadLocal<MessageHeaderDecoder> HEADER = ThreadLocal.withInitial(MessageHeaderDecoder::new);

    private final int shardId;
    private final StreamObserver<RouteReply> observer;

    private final FrontMetrics metrics;

    RouteReplyProxy(final int shardId, final StreamObserver<RouteReply> observer, final FrontMetrics metrics)
    {
        this.shardId = shardId;
        this.observer = observer;
        this.metrics = metrics;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        final MessageHeaderDecoder header = HEADER.get().wrap(event.result(), 0);
        if (header.templateId() != RouteDecisionDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = FAILED.get().wrapAndApplyHeader(event.result(), 0, header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        final RouteDecisionDecoder decision = DECISION.get().wrapAndApplyHeader(event.result(), 0, header);
        final RouteReply reply = toProto(decision, shardId);
        metrics.onRoute(reply.getCandidatesCount() > 0 ? reply.getCandidates(0).getProcessor() : null);
        observer.onNext(reply);
        observer.onCompleted();
    }

    /**
     * @return the reply for a decoded routing decision; reads the whole message.
     */
    static RouteReply toProto(final RouteDecisionDecoder decision, final int shardId)
    {
        final RouteReply.Builder reply = RouteReply.newBuilder()
            .setPaymentId(decision.paymentId())
            .setRouted(decision.meta().code() == ResultCode.OK)
            .setStrategy(RouteStrategy.forNumber(decision.strategyRaw() + 1))
            .setExplored(decision.explored() == 1)
            .setConfigVersion(decision.configVersion())
            .setEngineSequence(decision.meta().engineSequence())
            .setCorrelationId(decision.meta().correlationId())
            .setShardId(shardId);
        for (final RouteDecisionDecoder.CandidatesDecoder candidate : decision.candidates())
        {
            final Candidate.Builder builder = Candidate.newBuilder()
                .setScore(candidate.score())
                .setSuccessRatePpm(candidate.successRatePpm())
                .setFee(candidate.fee())
                .setExpectedValue(candidate.expectedValue())
                .setMeanLatencyMicros(candidate.meanLatencyMicros());
            reply.addCandidates(builder.setProcessor(candidate.processor()));
        }
        for (final RouteDecisionDecoder.ExcludedDecoder excluded : decision.excluded())
        {
            final Exclusion reason = Exclusion.forNumber(excluded.reasonRaw() + 1);
            reply.addExcluded(ExcludedProcessor.newBuilder().setReason(reason).setProcessor(excluded.processor()));
        }
        return reply.setRule(decision.rule()).build();
    }
}
