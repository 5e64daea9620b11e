package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.gateway.v1.Candidate;
import io.hotpath.gateway.v1.ExcludedProcessor;
import io.hotpath.gateway.v1.Exclusion;
import io.hotpath.gateway.v1.RouteReply;
import io.hotpath.gateway.v1.RouteStrategy;
import org.agrona.DirectBuffer;

/**
 * Answers a Route call with its routing decision, and counts it by first processor. Runs on the shard's egress thread.
 * The reply is encoded one of two ways, with the same bytes on the wire:
 * <ul>
 *   <li>{@link #WIRE}: written straight into protobuf's wire format ({@link DecisionWireEncoder}), for a unary call;</li>
 *   <li>{@link #MESSAGE}: built as a {@link RouteReply} message, for a reply carried inside another message (an
 *       Exchange stream's).</li>
 * </ul>
 *
 * @param <T> the reply.
 */
final class RouteReplyProxy<T> extends ReplyProxy<T>
{
    /** The decision written straight into protobuf's wire format. */
    static final Encoding<WireReply> WIRE = RouteReplyProxy::wire;
    /** The decision as a message. */
    static final Encoding<RouteReply> MESSAGE = RouteReplyProxy::message;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int shardId;
    private final FrontMetrics metrics;
    private final Encoding<T> encoding;

    RouteReplyProxy(final int shardId, final StreamObserver<T> observer, final FrontMetrics metrics, final Encoding<T> encoding)
    {
        super(RouteDecisionDecoder.TEMPLATE_ID, observer);
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
     * How a routing decision becomes the reply.
     */
    @FunctionalInterface
    interface Encoding<T>
    {
        /**
         * @param decision the decision, read from its start; read to its end.
         * @param length   the decision's SBE length, header included.
         */
        T encode(Scratch scratch, RouteDecisionDecoder decision, int length, int shardId, FrontMetrics metrics);
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

    private static WireReply wire(final Scratch scratch, final RouteDecisionDecoder decision, final int length, final int shardId,
        final FrontMetrics metrics)
    {
        final WireReply reply = new WireReply(scratch.wire.routeReply(decision, length, shardId));
        metrics.onRoute(scratch.wire.firstProcessor());
        return reply;
    }

    private static RouteReply message(final Scratch scratch, final RouteDecisionDecoder decision, final int length,
        final int shardId, final FrontMetrics metrics)
    {
        final RouteReply reply = toProto(decision, shardId);
        metrics.onRoute(reply.getCandidatesCount() > 0 ? reply.getCandidates(0).getProcessor() : null);
        return reply;
    }

    /**
     * An egress thread's decoder and encoder, reused from call to call.
     */
    static final class Scratch
    {
        final RouteDecisionDecoder decision = new RouteDecisionDecoder();
        final DecisionWireEncoder wire = new DecisionWireEncoder();
    }
}
