package io.hotpath.gateway.grpc;

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
        final int stages = size(1, ingress) + size(2, journaled) + size(3, decided) + size(4, egress);
        final byte[] bytes = new byte[size(1, tenantId) + size(2, correlationId) + size(3, engineSequence) + size(4, shardId)
            + size(5, journalIndex) + CodedOutputStream.computeTagSize(6) + CodedOutputStream.computeUInt32SizeNoTag(stages) + stages];
        final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try
        {
            write(out, 1, tenantId);
            write(out, 2, correlationId);
            write(out, 3, engineSequence);
            write(out, 4, shardId);
            write(out, 5, journalIndex);
            // The stages are always set, so they are written even when every timestamp is 0, as the message's are.
            out.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(stages);
            write(out, 1, ingress);
            write(out, 2, journaled);
            write(out, 3, decided);
            write(out, 4, egress);
            out.checkNoSpaceLeft();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("a ping reply sized wrong", ex);
        }
        return bytes;
    }

    /** Proto3: 0 is the default, and is not written. An int32 and an int64 of one value take the same varint. */
    private static int size(final int field, final long value)
    {
        return value == 0 ? 0 : CodedOutputStream.computeInt64Size(field, value);
    }

    private static void write(final CodedOutputStream out, final int field, final long value) throws IOException
    {
        if (value != 0)
        {
            out.writeInt64(field, value);
        }
    }

    private static final class Decoders
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PingResultDecoder ping = new PingResultDecoder();
        final CommandFailedDecoder failed = new CommandFailedDecoder();
        final CommandMetaDecoder command = new CommandMetaDecoder();
    }
}
