package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.gateway.v1.FiredRule;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.PaymentDecision;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Answers a DecidePayment call with its decision, and counts the decision by action and first processor. Runs on the
 * shard's egress thread. The reply is encoded one of two ways:
 * <ul>
 *   <li>{@link #WIRE}: written straight into protobuf's wire format ({@link DecisionWireEncoder}), for a unary call;</li>
 *   <li>{@link #MESSAGE}: built as a {@link PaymentDecision} message, for a reply carried inside another message (an
 *       Exchange stream's).</li>
 * </ul>
 * Both give the same bytes on the wire.
 *
 * @param <T> the reply.
 */
final class PaymentDecisionProxy<T> extends ReplyProxy<T>
{
    /** The decision written straight into protobuf's wire format. */
    static final Encoding<WireReply> WIRE = PaymentDecisionProxy::wire;
    /** The decision as a message. */
    static final Encoding<PaymentDecision> MESSAGE = PaymentDecisionProxy::message;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int shardId;
    private final FrontMetrics metrics;
    private final Encoding<T> encoding;

    PaymentDecisionProxy(final int shardId, final StreamObserver<T> observer, final FrontMetrics metrics, final Encoding<T> encoding)
    {
        super(PaymentDecisionDecoder.TEMPLATE_ID, observer);
        this.shardId = shardId;
        this.metrics = metrics;
        this.encoding = encoding;
    }

    @Override
    T reply(final DirectBuffer result, final int length, final MessageHeaderDecoder header)
    {
        final Scratch scratch = SCRATCH.get();
        return encoding.encode(scratch, scratch.decision.wrapAndApplyHeader(result, 0, header), length, shardId, metrics);
    }

    /**
     * How a decision becomes the reply.
     */
    @FunctionalInterface
    interface Encoding<T>
    {
        /**
         * @param decision the decision, read from its start; read to its end.
         * @param length   the decision's SBE length, header included.
         */
        T encode(Scratch scratch, PaymentDecisionDecoder decision, int length, int shardId, FrontMetrics metrics);
    }

    private static WireReply wire(final Scratch scratch, final PaymentDecisionDecoder decision, final int length, final int shardId,
        final FrontMetrics metrics)
    {
        final FraudAction action = FraudAction.forNumber(decision.actionRaw() + 1);
        final WireReply reply = new WireReply(scratch.wire.paymentDecision(decision, length, shardId));
        metrics.onPaymentDecision(action, scratch.wire.firstProcessor());
        return reply;
    }

    private static PaymentDecision message(final Scratch scratch, final PaymentDecisionDecoder decision, final int length,
        final int shardId, final FrontMetrics metrics)
    {
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
        if (decision.routingLength() > 0)
        {
            decision.wrapRouting(scratch.routing);
            scratch.header.wrap(scratch.routing, 0);
            reply.setRouting(RouteReplyProxy.toProto(scratch.route.wrapAndApplyHeader(scratch.routing, 0, scratch.header), shardId));
        }
        final PaymentDecision built = reply.build();
        metrics.onPaymentDecision(built.getAction(), built.getRouting().getCandidatesCount() > 0
            ? built.getRouting().getCandidates(0).getProcessor() : null);
        return built;
    }

    /**
     * An egress thread's decoders and encoder, reused from call to call.
     */
    static final class Scratch
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PaymentDecisionDecoder decision = new PaymentDecisionDecoder();
        final RouteDecisionDecoder route = new RouteDecisionDecoder();
        final UnsafeBuffer routing = new UnsafeBuffer(0, 0);
        final DecisionWireEncoder wire = new DecisionWireEncoder();
    }
}
