package io.hotpath.gateway.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A reply already in protobuf's wire format: the bytes the method's generated message would serialize to, written by a
 * proxy straight from the shard's result ({@link DecisionWireEncoder}), so no message object is built, sized and
 * serialized per call. A client cannot tell it from the generated message: the method keeps its name, its request type
 * and its schema; only the server's reply marshaller changes.
 *
 * <p>gRPC frames the bytes with one bulk copy ({@link Drainable}) and knows their length up front ({@link KnownLength}).
 * Immutable once built; the array is the reply's own.
 */
public final class WireReply
{
    /** Streams a reply's bytes as they are; parses a message into its bytes (for clients and tests). */
    public static final MethodDescriptor.Marshaller<WireReply> MARSHALLER = new MethodDescriptor.Marshaller<>()
    {
        @Override
        public InputStream stream(final WireReply reply)
        {
            return new Stream(reply.bytes);
        }

        @Override
        public WireReply parse(final InputStream stream)
        {
            try
            {
                return new WireReply(stream.readAllBytes());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    };

    private final byte[] bytes;

    /**
     * @param bytes one protobuf message in wire format, handed over: not copied, and not to be changed afterwards.
     */
    public WireReply(final byte[] bytes)
    {
        this.bytes = bytes;
    }

    /**
     * @param service the service as its generated code binds it.
     * @param method  one of its methods, to be answered in wire format.
     * @param handler what answers {@code method}.
     * @return {@code service} with {@code method} bound to {@code handler} and this type's marshaller for its replies (the
     *         same name, type, request marshaller and schema), and every other method as it was.
     */
    public static <Q> ServerServiceDefinition answering(final ServerServiceDefinition service, final MethodDescriptor<Q, ?> method,
        final ServerCallHandler<Q, WireReply> handler)
    {
        final MethodDescriptor<Q, WireReply> wire = method.toBuilder(method.getRequestMarshaller(), MARSHALLER).build();
        return ServiceBindings.rebind(service, bound -> bound.getMethodDescriptor().getFullMethodName().equals(method.getFullMethodName())
            ? ServerMethodDefinition.create(wire, handler) : bound);
    }

    /**
     * @return a copy of the message's bytes.
     */
    public byte[] toByteArray()
    {
        return bytes.clone();
    }

    private static final class Stream extends ByteArrayInputStream implements Drainable, KnownLength
    {
        Stream(final byte[] bytes)
        {
            super(bytes);
        }

        @Override
        public int drainTo(final OutputStream target) throws IOException
        {
            final int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
