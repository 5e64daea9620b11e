package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.gateway.v1.FiredRule;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.PaymentDecision;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a payment decision as the gRPC reply of one call. Runs on the shard's egress thread.
 */
final class PaymentDecisionProxy implements ResultListener
{
    private static final ThreadLocal<Decoders> DECODERS = ThreadLocal.withInitial(Decoders::new);

    private final int shardId;
    private final StreamObserver<PaymentDecision> observer;

    private final FrontMetrics metrics;

    PaymentDecisionProxy(final int shardId, final StreamObserver<PaymentDecision> observer, final FrontMetrics metrics)
    {
        this.shardId = shardId;
        this.observer = observer;
        this.metrics = metrics;
    }

    @Override
    public void onResult(final ShardEvent event)
    {
        final Decoders d = DECODERS.get();
        d.header.wrap(event.result(), 0);
        if (d.header.templateId() != PaymentDecisionDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = d.failed.wrapAndApplyHeader(event.result(), 0, d.header);
            observer.onError(GrpcStatuses.failed(failed.meta().code(), failed.reason()).asRuntimeException());
            return;
        }
        final PaymentDecisionDecoder decision = d.decision.wrapAndApplyHeader(event.result(), 0, d.header);
        final PaymentDecision.Builder reply = PaymentDecision.newBuilder()
            .setPaymentId(decision.paymentId())
            .setAction(FraudAction.forNumber(decision.actionRaw() + 1))
            .setScore(decision.score())
            .setModelScore(decision.modelScore())
            .setShadowModelScore(decision.shadowModelScore())
            .setEngineSequence(decision.meta().engineSequence())
            .setCorrelationId(decision.meta().correlationId())
            .setShardId(shardId);
        for (final PaymentDecisionDecoder.FiredRulesDecoder rule : decision.firedRules())
        {
            final boolean shadow = rule.shadow() == 1;
            reply.addFiredRules(FiredRule.newBuilder().setShadow(shadow).setName(rule.name()));
        }
        for (final PaymentDecisionDecoder.TopFeaturesDecoder feature : decision.topFeatures())
        {
            reply.addTopFeatures(feature.feature());
        }
        reply.setModelVersion(decision.modelVersion()).setDecidingRule(decision.decidingRule());
        final int routingLength = decision.routingLength();
        if (routingLength > 0)
        {
            decision.wrapRouting(d.routing);
            d.header.wrap(d.routing, 0);
            reply.setRouting(RouteReplyProxy.toProto(d.route.wrapAndApplyHeader(d.routing, 0, d.header), shardId));
        }
        final PaymentDecision built = reply.build();
        metrics.onPaymentDecision(built.getAction(), built.getRouting().getCandidatesCount() > 0
            ? built.getRouting().getCandidates(0).getProcessor() : null);
        observer.onNext(built);
        observer.onCompleted();
    }

    private static final class Decoders
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PaymentDecisionDecoder decision = new PaymentDecisionDecoder();
        final CommandFailedDecoder failed = new CommandFailedDecoder();
        final RouteDecisionDecoder route = new RouteDecisionDecoder();
        final UnsafeBuffer routing = new UnsafeBuffer(0, 0);
    }
}
