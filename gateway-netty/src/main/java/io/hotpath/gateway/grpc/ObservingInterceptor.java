package io.hotpath.gateway.grpc;

import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hotpath.gateway.trace.CallTrace;
import io.hotpath.gateway.trace.CallTracing;

/**
 * The outermost interceptor: it sees every gRPC call, whichever interceptor or service answers it.
 * It times each call from its headers to its status, counts it by method and status (and each
 * refusal by reason, {@link GrpcStatuses#reason}), and, when the call is sampled, continues the
 * caller's trace into a span the service and the shard complete.
 *
 * <pre>
 *   headers ─► start time, span (if sampled, into the call's grpc context) ─► the rest of the chain
 *   status  ─► FrontMetrics.onResponse(method, status, tenant, latency, trace) ─► span ends
 * </pre>
 *
 * <p>It is also the last wrapper of the call before the transport, so it is where a unary reply written on a shard's
 * egress thread is handed to the call's event loop ({@link LoopReplies}): its headers, message and status are kept, and
 * sent together on the loop when the status comes. Streaming calls, and replies written on the loop, pass straight through.
 */
public final class ObservingInterceptor implements ServerInterceptor
{
    private final FrontMetrics metrics;
    private final CallTracing tracing;
    private final RequestTenants tenants = new RequestTenants();
    private final LoopReplies loops;

    /**
     * Replies are sent on whichever thread writes them.
     */
    public ObservingInterceptor(final FrontMetrics metrics, final CallTracing tracing)
    {
        this(metrics, tracing, null);
    }

    /**
     * @param loops the event loops that read the calls, to which unary replies are handed; null to send them on whichever
     *              thread writes them.
     */
    ObservingInterceptor(final FrontMetrics metrics, final CallTracing tracing, final LoopReplies loops)
    {
        this.metrics = metrics;
        this.tracing = tracing;
        this.loops = loops;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final long startedAt = System.nanoTime();
        final String method = call.getMethodDescriptor().getFullMethodName();
        final CallTrace trace = tracing.start(method, headers);
        final LoopReplies.Loop loop =
            loops != null && call.getMethodDescriptor().getType() == MethodType.UNARY ? loops.current() : null;
        final ObservedCall<Q, R> observed = new ObservedCall<>(call, method, startedAt, trace, loop);
        final ServerCall.Listener<Q> listener = trace == null ? next.startCall(observed, headers)
            : Contexts.interceptCall(CallTracing.attach(io.grpc.Context.current(), trace), observed, headers, next);
        if (!metrics.labelsTenants())
        {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener)
        {
            @Override
            public void onMessage(final Q message)
            {
                observed.tenantId = tenants.tenantOf(message);
                super.onMessage(message);
            }
        };
    }

    private final class ObservedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> implements LoopReplies.Reply
    {
        private final String method;
        private final long startedAt;
        private final CallTrace trace;
        private final LoopReplies.Loop loop;
        private volatile long tenantId;
        // A reply written off the loop, kept until its status comes; handed to the loop with the call.
        private Metadata headers;
        private R message;
        private Status status;
        private Metadata trailers;

        /**
         * @param loop the unary call's event loop, or null to send on whichever thread writes.
         */
        ObservedCall(final ServerCall<Q, R> call, final String method, final long startedAt, final CallTrace trace,
            final LoopReplies.Loop loop)
        {
            super(call);
            this.method = method;
            this.startedAt = startedAt;
            this.trace = trace;
            this.loop = loop;
        }

        @Override
        public void sendHeaders(final Metadata headers)
        {
            if (passesThrough())
            {
                super.sendHeaders(headers);
                return;
            }
            this.headers = headers;
        }

        @Override
        public void sendMessage(final R message)
        {
            if (passesThrough())
            {
                super.sendMessage(message);
                return;
            }
            if (this.message != null)
            {
                throw new IllegalStateException(method + " is unary: it answers with one message");
            }
            this.message = message;
        }

        @Override
        public void close(final Status status, final Metadata trailers)
        {
            this.status = status;
            this.trailers = trailers;
            if (passesThrough())
            {
                send();
                return;
            }
            loop.hand(this);
        }

        /**
         * Sends what was kept, then the status; on the loop.
         */
        @Override
        public void send()
        {
            if (headers != null)
            {
                super.sendHeaders(headers);
                headers = null;
            }
            if (message != null)
            {
                super.sendMessage(message);
                message = null;
            }
            metrics.onResponse(method, status, tenantId, System.nanoTime() - startedAt, trace);
            if (trace != null)
            {
                trace.end(status);
            }
            super.close(status, trailers);
        }

        private boolean passesThrough()
        {
            return loop == null || loop.inLoop();
        }
    }
}
