package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.Exclusion;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PaymentDecisionEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionEncoder;
import io.hotpath.core.sbe.RouteStrategy;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.RouteReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.ExpandableArrayBuffer;

/**
 * The wire path of a unary DecidePayment or Route ({@link DecisionWireEncoder}) against the message path an Exchange
 * stream takes: for any decision the shard can write, the wire bytes are exactly the generated message's serialization,
 * and the metrics see the same action and first processor.
 */
class DecisionWireEncoderTest
{
    private static final long[] EDGES = {0, 1, -1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE};

    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(1 << 12);
    private final ExpandableArrayBuffer routing = new ExpandableArrayBuffer(1 << 12);

    @Property(tries = 2_000)
    void shouldWriteTheBytesTheGeneratedMessageSerializesTo(@ForAll final long seed)
    {
        final int length = randomDecision(new SplittableRandom(seed));

        final Recorded viaMessage = new Recorded();
        final PaymentDecision message = proxy(viaMessage, PaymentDecisionProxy.MESSAGE).reply(result, length, header());
        final Recorded viaWire = new Recorded();
        final WireReply wire = proxy(viaWire, PaymentDecisionProxy.WIRE).reply(result, length, header());

        assertThat(wire.toByteArray()).isEqualTo(message.toByteArray());
        assertThat(viaWire.decisions).isEqualTo(viaMessage.decisions).hasSize(1);
    }

    @Property(tries = 1_000)
    void shouldWriteARoutingDecisionAsTheGeneratedMessageSerializesIt(@ForAll final long seed)
    {
        final int length = randomRoute(new SplittableRandom(seed));
        final MessageHeaderDecoder header = new MessageHeaderDecoder();

        final Recorded viaMessage = new Recorded();
        final RouteReply message = new RouteReplyProxy<>(3, null, viaMessage, RouteReplyProxy.MESSAGE)
            .reply(routing, length, header.wrap(routing, 0));
        final Recorded viaWire = new Recorded();
        final WireReply wire = new RouteReplyProxy<>(3, null, viaWire, RouteReplyProxy.WIRE)
            .reply(routing, length, header.wrap(routing, 0));

        assertThat(wire.toByteArray()).isEqualTo(message.toByteArray());
        assertThat(viaWire.routes).isEqualTo(viaMessage.routes).hasSize(1);
    }

    @Example
    void shouldWriteTextWithBytesAboveAsciiAsTheMessageCarriesThem()
    {
        final int length = decision(new byte[] {'r', (byte)0xC3, (byte)0xA9}, List.of(new byte[] {(byte)0xFF, 'p'}));

        final PaymentDecision message = proxy(FrontMetrics.NONE, PaymentDecisionProxy.MESSAGE).reply(result, length, header());
        final Recorded viaWire = new Recorded();
        final WireReply wire = proxy(viaWire, PaymentDecisionProxy.WIRE).reply(result, length, header());

        assertThat(wire.toByteArray()).isEqualTo(message.toByteArray());
        assertThat(message.getDecidingRule()).isEqualTo("r\uFFFD\uFFFD");
        assertThat(viaWire.decisions).containsExactly("FRAUD_ACTION_BLOCK \uFFFDp");
    }

    @Example
    void shouldLeaveRoutingOutOfABlockedPayment()
    {
        final int length = decision("rule".getBytes(StandardCharsets.US_ASCII), null);

        final PaymentDecision message = proxy(FrontMetrics.NONE, PaymentDecisionProxy.MESSAGE).reply(result, length, header());
        final Recorded viaWire = new Recorded();
        final WireReply wire = proxy(viaWire, PaymentDecisionProxy.WIRE).reply(result, length, header());

        assertThat(wire.toByteArray()).isEqualTo(message.toByteArray());
        assertThat(message.hasRouting()).isFalse();
        assertThat(viaWire.decisions).containsExactly("FRAUD_ACTION_BLOCK null");
    }

    private static <T> PaymentDecisionProxy<T> proxy(final FrontMetrics metrics, final PaymentDecisionProxy.Encoding<T> encoding)
    {
        return new PaymentDecisionProxy<>(7, null, metrics, encoding);
    }

    private int decision(final byte[] decidingRule, final List<byte[]> processors)
    {
        final PaymentDecisionEncoder decision = new PaymentDecisionEncoder().wrapAndApplyHeader(result, 0, new MessageHeaderEncoder());
        decision.meta().tenantId(1).correlationId(2).engineSequence(3).code(ResultCode.OK);
        decision.paymentId(4).action(io.hotpath.core.sbe.FraudAction.BLOCK).score(900).modelScore(800).shadowModelScore((short)-1);
        decision.firedRulesCount(0);
        decision.topFeaturesCount(0);
        decision.putModelVersion(new byte[0], 0, 0);
        decision.putDecidingRule(decidingRule, 0, decidingRule.length);
        if (processors == null)
        {
            decision.putRouting(new byte[0], 0, 0);
        }
        else
        {
            final RouteDecisionEncoder route = new RouteDecisionEncoder().wrapAndApplyHeader(routing, 0, new MessageHeaderEncoder());
            route.meta().code(ResultCode.OK);
            final RouteDecisionEncoder.CandidatesEncoder candidates = route.candidatesCount(processors.size());
            processors.forEach(processor -> candidates.next().putProcessor(processor, 0, processor.length));
            route.excludedCount(0);
            route.putRule(new byte[0], 0, 0);
            decision.putRouting(routing, 0, MessageHeaderEncoder.ENCODED_LENGTH + route.encodedLength());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength();
    }

    private int randomDecision(final SplittableRandom random)
    {
        final PaymentDecisionEncoder decision = new PaymentDecisionEncoder().wrapAndApplyHeader(result, 0, new MessageHeaderEncoder());
        decision.meta().tenantId(number(random)).correlationId(number(random)).engineSequence(number(random)).code(ResultCode.OK);
        decision.paymentId(number(random))
            .action(io.hotpath.core.sbe.FraudAction.get((short)random.nextInt(4)))
            .score(random.nextInt(1_001))
            .modelScore(random.nextBoolean() ? 0 : random.nextInt(1_001))
            .shadowModelScore((short)(random.nextInt(1_002) - 1));
        final int ruleCount = random.nextInt(5);
        final PaymentDecisionEncoder.FiredRulesEncoder rules = decision.firedRulesCount(ruleCount);
        for (int i = 0; i < ruleCount; i++)
        {
            final byte[] name = text(random);
            rules.next().shadow((short)random.nextInt(2)).putName(name, 0, name.length);
        }
        final int featureCount = random.nextInt(5);
        final PaymentDecisionEncoder.TopFeaturesEncoder features = decision.topFeaturesCount(featureCount);
        for (int i = 0; i < featureCount; i++)
        {
            final byte[] feature = text(random);
            features.next().putFeature(feature, 0, feature.length);
        }
        final byte[] modelVersion = text(random);
        decision.putModelVersion(modelVersion, 0, modelVersion.length);
        final byte[] decidingRule = text(random);
        decision.putDecidingRule(decidingRule, 0, decidingRule.length);
        if (random.nextInt(5) == 0)
        {
            decision.putRouting(new byte[0], 0, 0);
        }
        else
        {
            final int routeLength = randomRoute(random);
            decision.putRouting(routing, 0, routeLength);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength();
    }

    private int randomRoute(final SplittableRandom random)
    {
        final RouteDecisionEncoder route = new RouteDecisionEncoder().wrapAndApplyHeader(routing, 0, new MessageHeaderEncoder());
        route.meta().tenantId(number(random)).correlationId(number(random)).engineSequence(number(random))
            .code(random.nextBoolean() ? ResultCode.OK : ResultCode.NO_ELIGIBLE_PROCESSOR);
        route.paymentId(number(random))
            .strategy(RouteStrategy.get((short)random.nextInt(5)))
            .ruleIndex((short)(random.nextInt(4) - 1))
            .explored((short)random.nextInt(2))
            .configVersion(number(random));
        final int candidateCount = random.nextInt(5);
        final RouteDecisionEncoder.CandidatesEncoder candidates = route.candidatesCount(candidateCount);
        for (int i = 0; i < candidateCount; i++)
        {
            final byte[] processor = text(random);
            candidates.next().processorKey(number(random)).score(number(random)).successRatePpm((int)number(random))
                .fee(number(random)).expectedValue(number(random)).meanLatencyMicros(number(random))
                .putProcessor(processor, 0, processor.length);
        }
        final int excludedCount = random.nextInt(4);
        final RouteDecisionEncoder.ExcludedEncoder excluded = route.excludedCount(excludedCount);
        for (int i = 0; i < excludedCount; i++)
        {
            final byte[] processor = text(random);
            excluded.next().processorKey(number(random)).reason(Exclusion.get((short)random.nextInt(6)))
                .putProcessor(processor, 0, processor.length);
        }
        final byte[] rule = text(random);
        route.putRule(rule, 0, rule.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + route.encodedLength();
    }

    /** Zero (the proto3 default) often, the varint edges often, anything else otherwise. */
    private static long number(final SplittableRandom random)
    {
        return switch (random.nextInt(3))
        {
            case 0 -> 0;
            case 1 -> EDGES[random.nextInt(EDGES.length)];
            default -> random.nextLong();
        };
    }

    /** Empty often; ASCII mostly, as the SBE encoders write it; now and then a byte above 0x7F. */
    private static byte[] text(final SplittableRandom random)
    {
        final byte[] text = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(1, 40)];
        for (int i = 0; i < text.length; i++)
        {
            text[i] = (byte)(random.nextInt(50) == 0 ? random.nextInt(128, 256) : random.nextInt(32, 127));
        }
        return text;
    }

    private MessageHeaderDecoder header()
    {
        return new MessageHeaderDecoder().wrap(result, 0);
    }

    /** What the metrics were told. */
    private static final class Recorded implements FrontMetrics
    {
        final List<String> decisions = new ArrayList<>();
        final List<String> routes = new ArrayList<>();

        @Override
        public void onResponse(final String method, final io.grpc.Status status, final long tenantId, final long nanos,
            final io.hotpath.gateway.trace.CallTrace trace)
        {
        }

        @Override
        public void onPaymentDecision(final FraudAction action, final String processor)
        {
            decisions.add(action + " " + processor);
        }

        @Override
        public void onRoute(final String processor)
        {
            routes.add(String.valueOf(processor));
        }

        @Override
        public void onRefused(final String reason)
        {
        }
    }
}
