package io.hotpath.gateway.grpc;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests whose bytes are not a protobuf message of their method's type (random bytes, a truncated
 * varint, a wrong wire type), answered as what they are: the caller's mistake.
 *
 * <pre>
 *   unary call, StreamPrices   closed INVALID_ARGUMENT "request: could not be parsed as hotpath.v1.X ..."
 *   a message of Exchange      answered with a Refusal (INVALID_ARGUMENT, request_id 0); the stream goes on,
 *                              since gRPC's framing still says where the next message starts
 * </pre>
 *
 * Each is counted in {@code hotpath_rejections{reason="malformed"}} and logged at most once a minute,
 * as one WARN line with how many there were, the last one's method and peer, and no stack trace: a
 * peer sending garbage cannot fill the log.
 *
 * <p>grpc-java parses a request with its method's marshaller before any service code runs, and with
 * a direct executor a marshaller that throws ends the call as UNKNOWN "Application error processing
 * RPC" and logs a stack trace. So the services are bound here with a marshaller that never throws: a
 * request that does not parse becomes its type's one "unparsed" instance, and a listener in front of
 * the service answers it before the service sees it. Thread-safe.
 */
public final class UnparsedRequests
{
    /** How a refusal's description starts. */
    public static final String DESCRIPTION = "request: could not be parsed as ";

    private static final Logger LOG = LoggerFactory.getLogger(UnparsedRequests.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** One instance a message type, built apart from any parse, so it is told apart by identity. */
    private static final Map<Class<?>, Object> UNPARSED = new ConcurrentHashMap<>();

    private final FrontMetrics metrics;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    public UnparsedRequests(final FrontMetrics metrics)
    {
        this.metrics = metrics;
    }

    /**
     * @return the one instance that stands for a request of {@code prototype}'s type that did not
     *         parse: a streaming service compares its messages with it by identity, and refuses that
     *         one message.
     */
    @SuppressWarnings("unchecked")
    public static <T extends Message> T unparsed(final T prototype)
    {
        return (T)UNPARSED.computeIfAbsent(prototype.getClass(), type -> prototype.newBuilderForType().build());
    }

    /**
     * @return the status a request of {@code method} that did not parse is refused with.
     */
    public static Status refusal(final MethodDescriptor<?, ?> method)
    {
        final String type = method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
            && prototype.getMessagePrototype() instanceof Message message ? message.getDescriptorForType().getFullName() : "its type";
        return Status.INVALID_ARGUMENT.withDescription(DESCRIPTION + type + " (not a protobuf message of the method's request type)");
    }

    /**
     * @return {@code service}, bound so that a request that does not parse is refused as described above.
     */
    public ServerServiceDefinition guard(final ServerServiceDefinition service)
    {
        return ServiceBindings.rebind(service, this::guard);
    }

    private <Q, R> ServerMethodDefinition<Q, R> guard(final ServerMethodDefinition<Q, R> definition)
    {
        final MethodDescriptor<Q, R> original = definition.getMethodDescriptor();
        if (!(original.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> parser)
            || !(parser.getMessagePrototype() instanceof Message prototype))
        {
            return definition;
        }
        @SuppressWarnings("unchecked")
        final Q unparsed = (Q)unparsed(prototype);
        final MethodDescriptor<Q, R> method =
            original.toBuilder(new TolerantMarshaller<>(parser, unparsed), original.getResponseMarshaller()).build();
        final ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
        final Status refusal = refusal(original);
        final boolean oneRequest = method.getType().clientSendsOneMessage();
        return ServerMethodDefinition.create(method,
            (call, headers) -> new RefusingListener<>(handler.startCall(call, headers), call, unparsed, refusal, oneRequest));
    }

    /**
     * Answers the unparsed instance before the service sees it: a call of one request is closed
     * with the refusal, a stream hands it on for the service to refuse that one message.
     */
    private final class RefusingListener<Q> extends SimpleForwardingServerCallListener<Q>
    {
        private final ServerCall<Q, ?> call;
        private final Q unparsed;
        private final Status refusal;
        private final boolean oneRequest;
        private boolean refused;

        RefusingListener(final ServerCall.Listener<Q> service, final ServerCall<Q, ?> call, final Q unparsed, final Status refusal,
            final boolean oneRequest)
        {
            super(service);
            this.call = call;
            this.unparsed = unparsed;
            this.refusal = refusal;
            this.oneRequest = oneRequest;
        }

        @Override
        public void onMessage(final Q message)
        {
            if (message != unparsed)
            {
                if (!refused)
                {
                    super.onMessage(message);
                }
                return;
            }
            record(call);
            if (oneRequest)
            {
                refused = true;
                call.close(refusal, new Metadata());
                return;
            }
            metrics.onRefused(GrpcStatuses.MALFORMED);
            super.onMessage(message);
        }

        @Override
        public void onHalfClose()
        {
            if (!refused)
            {
                super.onHalfClose();
            }
        }
    }

    private void record(final ServerCall<?, ?> call)
    {
        final long count = unlogged.incrementAndGet();
        final long now = System.nanoTime();
        final long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now))
        {
            unlogged.addAndGet(-count);
            LOG.atWarn().addKeyValue("event", "malformed").addKeyValue("count", count)
                .log("{} request(s) in the last minute could not be parsed as protobuf messages and were refused "
                    + "INVALID_ARGUMENT; the last: {} from {} (at most one such line a minute)", count,
                    call.getMethodDescriptor().getFullMethodName(), call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        }
    }

    /**
     * Parses as the method's own marshaller does, and returns the type's unparsed instance where
     * that throws.
     */
    private static final class TolerantMarshaller<T> implements MethodDescriptor.PrototypeMarshaller<T>
    {
        private final MethodDescriptor.PrototypeMarshaller<T> parser;
        private final T unparsed;

        TolerantMarshaller(final MethodDescriptor.PrototypeMarshaller<T> parser, final T unparsed)
        {
            this.parser = parser;
            this.unparsed = unparsed;
        }

        @Override
        public InputStream stream(final T value)
        {
            return parser.stream(value);
        }

        @Override
        public T parse(final InputStream stream)
        {
            try
            {
                return parser.parse(stream);
            }
            catch (final RuntimeException notAMessage)
            {
                return unparsed;
            }
        }

        @Override
        public T getMessagePrototype()
        {
            return parser.getMessagePrototype();
        }

        @Override
        public Class<T> getMessageClass()
        {
            return parser.getMessageClass();
        }
    }
}
