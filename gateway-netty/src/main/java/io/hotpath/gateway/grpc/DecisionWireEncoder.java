package io.hotpath.gateway.grpc;

import static io.hotpath.gateway.grpc.Proto3Fields.boolSize;
import static io.hotpath.gateway.grpc.Proto3Fields.numberSize;
import static io.hotpath.gateway.grpc.Proto3Fields.writeBool;
import static io.hotpath.gateway.grpc.Proto3Fields.writeNumber;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a payment decision ({@code hotpath.v1.PaymentDecision}, its routing a {@code hotpath.v1.RouteReply}) or a
 * routing decision alone ({@code hotpath.v1.RouteReply}) from the shard's SBE result straight into protobuf's wire
 * format, with protobuf's own {@link CodedOutputStream}: the same bytes the generated message serializes to (fields in
 * number order, proto3 defaults left out), without building the message and its nested builders, strings and lists on
 * the egress thread for each call.
 *
 * <pre>
 *   SBE reads in its order:   fixed fields ─ groups ─ var data (text, then the nested RouteDecision)
 *   protobuf writes in field order, so what SBE gives before it is due waits in a scratch array:
 *     PaymentDecision  1..5 fixed │ 6, 7 text │ 8, 9 from groups (scratch) │ 10 RouteReply (scratch) │ 11..13
 *     RouteReply       1..3 fixed │ 4 rule     │ 5, 6 from groups (scratch) │ 7..11
 * </pre>
 *
 * SBE text is {@code varAsciiEncoding}: ASCII bytes are UTF-8 as they stand; a byte above 0x7F (which the SBE encoders
 * never write from a string) becomes U+FFFD, as decoding it to a string for the message would make it. Not thread-safe:
 * one per egress thread (its scratch arrays are reused).
 */
final class DecisionWireEncoder
{
    /** Any field of these messages takes at most this many times its SBE bytes in protobuf (a one-byte flag: 11 bytes). */
    private static final int EXPANSION = 16;
    private static final int SLACK = 64;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RouteDecisionDecoder route = new RouteDecisionDecoder();
    private final UnsafeBuffer routing = new UnsafeBuffer(0, 0);
    private byte[] reply = new byte[0];
    private byte[] lists = new byte[0];
    private byte[] routeBody = new byte[0];
    private byte[] routeLists = new byte[0];
    private byte[] text = new byte[256];
    private String firstProcessor;

    /**
     * @param decision a decoded PaymentDecision, read from its start; this reads it to its end.
     * @param length   the SBE message's length, header included: what bounds the protobuf's.
     * @return the {@code hotpath.v1.PaymentDecision} reply.
     */
    byte[] paymentDecision(final PaymentDecisionDecoder decision, final int length, final int shardId)
    {
        ensureCapacity(length);
        firstProcessor = null;
        try
        {
            final CodedOutputStream out = CodedOutputStream.newInstance(reply);
            writeNumber(out, 1, decision.paymentId());
            writeNumber(out, 2, decision.actionRaw() + 1);
            writeNumber(out, 3, decision.score());
            writeNumber(out, 4, decision.modelScore());
            writeNumber(out, 5, decision.shadowModelScore());
            final CodedOutputStream groups = CodedOutputStream.newInstance(lists);
            for (final PaymentDecisionDecoder.FiredRulesDecoder rule : decision.firedRules())
            {
                final boolean shadow = rule.shadow() == 1;
                final int name = utf8(rule.getName(text(rule.nameLength()), 0, rule.nameLength()));
                groups.writeTag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                groups.writeUInt32NoTag(textSize(1, name) + boolSize(2, shadow));
                writeText(groups, 1, name);
                writeBool(groups, 2, shadow);
            }
            for (final PaymentDecisionDecoder.TopFeaturesDecoder feature : decision.topFeatures())
            {
                final int name = utf8(feature.getFeature(text(feature.featureLength()), 0, feature.featureLength()));
                // An element of a repeated field is written even when it is the default.
                groups.writeByteArray(9, text, 0, name);
            }
            writeText(out, 6, utf8(decision.getModelVersion(text(decision.modelVersionLength()), 0, decision.modelVersionLength())));
            writeText(out, 7, utf8(decision.getDecidingRule(text(decision.decidingRuleLength()), 0, decision.decidingRuleLength())));
            out.writeRawBytes(lists, 0, groups.getTotalBytesWritten());
            if (decision.routingLength() > 0)
            {
                decision.wrapRouting(routing);
                header.wrap(routing, 0);
                final int routeLength = writeRouteReply(route.wrapAndApplyHeader(routing, 0, header), shardId);
                out.writeTag(10, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(routeLength);
                out.writeRawBytes(routeBody, 0, routeLength);
            }
            else
            {
                decision.skipRouting();
            }
            writeNumber(out, 11, decision.meta().engineSequence());
            writeNumber(out, 12, shardId);
            writeNumber(out, 13, decision.meta().correlationId());
            return Arrays.copyOf(reply, out.getTotalBytesWritten());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("scratch arrays sized below their bound", ex);
        }
    }

    /**
     * @param decision a decoded RouteDecision, read from its start; this reads it to its end.
     * @param length   the SBE message's length, header included: what bounds the protobuf's.
     * @return the {@code hotpath.v1.RouteReply} reply.
     */
    byte[] routeReply(final RouteDecisionDecoder decision, final int length, final int shardId)
    {
        ensureCapacity(length);
        firstProcessor = null;
        try
        {
            return Arrays.copyOf(routeBody, writeRouteReply(decision, shardId));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("scratch arrays sized below their bound", ex);
        }
    }

    /**
     * @return the first processor the last decision encoded offered, or null when it offered none.
     */
    String firstProcessor()
    {
        return firstProcessor;
    }

    private int writeRouteReply(final RouteDecisionDecoder decision, final int shardId) throws IOException
    {
        final CodedOutputStream out = CodedOutputStream.newInstance(routeBody);
        writeNumber(out, 1, decision.paymentId());
        writeBool(out, 2, decision.meta().code() == ResultCode.OK);
        writeNumber(out, 3, decision.strategyRaw() + 1);
        final CodedOutputStream groups = CodedOutputStream.newInstance(routeLists);
        for (final RouteDecisionDecoder.CandidatesDecoder candidate : decision.candidates())
        {
            final long score = candidate.score();
            final int successRatePpm = candidate.successRatePpm();
            final long fee = candidate.fee();
            final long expectedValue = candidate.expectedValue();
            final long meanLatencyMicros = candidate.meanLatencyMicros();
            final int processorLength = candidate.processorLength();
            final int processor = utf8(candidate.getProcessor(text(processorLength), 0, processorLength));
            if (firstProcessor == null)
            {
                firstProcessor = new String(text, 0, processor, StandardCharsets.UTF_8);
            }
            groups.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            groups.writeUInt32NoTag(textSize(1, processor) + numberSize(2, score) + numberSize(3, successRatePpm) + numberSize(4, fee)
                + numberSize(5, expectedValue) + numberSize(6, meanLatencyMicros));
            writeText(groups, 1, processor);
            writeNumber(groups, 2, score);
            writeNumber(groups, 3, successRatePpm);
            writeNumber(groups, 4, fee);
            writeNumber(groups, 5, expectedValue);
            writeNumber(groups, 6, meanLatencyMicros);
        }
        for (final RouteDecisionDecoder.ExcludedDecoder excluded : decision.excluded())
        {
            final int reason = excluded.reasonRaw() + 1;
            final int processorLength = excluded.processorLength();
            final int processor = utf8(excluded.getProcessor(text(processorLength), 0, processorLength));
            groups.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            groups.writeUInt32NoTag(textSize(1, processor) + numberSize(2, reason));
            writeText(groups, 1, processor);
            writeNumber(groups, 2, reason);
        }
        writeText(out, 4, utf8(decision.getRule(text(decision.ruleLength()), 0, decision.ruleLength())));
        out.writeRawBytes(routeLists, 0, groups.getTotalBytesWritten());
        writeBool(out, 7, decision.explored() == 1);
        writeNumber(out, 8, decision.configVersion());
        writeNumber(out, 9, decision.meta().engineSequence());
        writeNumber(out, 10, shardId);
        writeNumber(out, 11, decision.meta().correlationId());
        return out.getTotalBytesWritten();
    }

    private void ensureCapacity(final int length)
    {
        final int bound = EXPANSION * length + SLACK;
        if (reply.length < bound)
        {
            reply = new byte[bound];
            lists = new byte[bound];
            routeBody = new byte[bound];
            routeLists = new byte[bound];
        }
    }

    private byte[] text(final int length)
    {
        if (text.length < length)
        {
            text = new byte[length];
        }
        return text;
    }

    /**
     * @param length ASCII bytes at the start of the text scratch.
     * @return the length of the same text in UTF-8, now at the start of the text scratch.
     */
    private int utf8(final int length)
    {
        int high = 0;
        for (int i = 0; i < length; i++)
        {
            high += text[i] >>> 31;
        }
        if (high == 0)
        {
            return length;
        }
        final byte[] utf8 = new byte[length + 2 * high];
        int at = 0;
        for (int i = 0; i < length; i++)
        {
            if (text[i] >= 0)
            {
                utf8[at++] = text[i];
            }
            else
            {
                utf8[at++] = (byte)0xEF;
                utf8[at++] = (byte)0xBF;
                utf8[at++] = (byte)0xBD;
            }
        }
        text = utf8;
        return at;
    }

    private static int textSize(final int field, final int length)
    {
        return length == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    /** Proto3: an empty string is the default, and is not written. */
    private void writeText(final CodedOutputStream out, final int field, final int length) throws IOException
    {
        if (length > 0)
        {
            out.writeByteArray(field, text, 0, length);
        }
    }
}
