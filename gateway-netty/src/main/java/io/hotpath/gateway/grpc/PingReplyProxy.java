package io.hotpath.gateway.grpc;

import static io.hotpath.gateway.grpc.Proto3Fields.numberSize;
import static io.hotpath.gateway.grpc.Proto3Fields.writeNumber;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.agrona.DirectBuffer;

/**
 * Answers a ping with its result, written straight into protobuf's wire format: the bytes a {@code hotpath.v1.PingReply}
 * with its {@code StageTimestamps} serializes to (fields in number order, proto3 defaults left out), sized first and
 * written into an array of exactly that size, with no message built per call. Runs on the shard's egress thread.
 */
final class PingReplyProxy implements ResultListener
{
    // Decoders per egress thread, so that a reply allocates only its bytes.
    private static final ThreadLocal<Decoders> DECODERS = ThreadLocal.withInitial(Decoders::new);

    private final int shardId;
    private final StreamObserver<WireReply> observer;

    PingReplyProxy(final int shardId, final StreamObserver<WireReply> observer)
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
        final long ingress = decoders.command.wrap(event.command(), MessageHeaderDecoder.ENCODED_LENGTH).ingressTime();
        observer.onNext(new WireReply(reply(meta.tenantId(), meta.correlationId(), meta.engineSequence(), shardId,
            event.journalIndex(), ingress, event.journaledAt(), event.decidedAt(), event.egressAt())));
        observer.onCompleted();
    }

    /**
     * @return {@code hotpath.v1.PingReply} in wire format.
     */
    static byte[] reply(final long tenantId, final long correlationId, final long engineSequence, final int shardId,
        final long journalIndex, final long ingress, final long journaled, final long decided, final long egress)
    {
        final int stages = numberSize(1, ingress) + numberSize(2, journaled) + numberSize(3, decided) + numberSize(4, egress);
        final byte[] bytes = new byte[numberSize(1, tenantId) + numberSize(2, correlationId) + numberSize(3, engineSequence)
            + numberSize(4, shardId) + numberSize(5, journalIndex)
            + CodedOutputStream.computeTagSize(6) + CodedOutputStream.computeUInt32SizeNoTag(stages) + stages];
        final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try
        {
            writeNumber(out, 1, tenantId);
            writeNumber(out, 2, correlationId);
            writeNumber(out, 3, engineSequence);
            writeNumber(out, 4, shardId);
            writeNumber(out, 5, journalIndex);
            // The stages are always set, so they are written even when every timestamp is 0, as the message's are.
            out.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(stages);
            writeNumber(out, 1, ingress);
            writeNumber(out, 2, journaled);
            writeNumber(out, 3, decided);
            writeNumber(out, 4, egress);
            out.checkNoSpaceLeft();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("a ping reply sized wrong", ex);
        }
        return bytes;
    }

    private static final class Decoders
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PingResultDecoder ping = new PingResultDecoder();
        final CommandFailedDecoder failed = new CommandFailedDecoder();
        final CommandMetaDecoder command = new CommandMetaDecoder();
    }
}
