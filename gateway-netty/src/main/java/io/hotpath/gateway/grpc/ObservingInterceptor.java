package io.hotpath.gateway.grpc;

import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
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
 */
public final class ObservingInterceptor implements ServerInterceptor
{
    private final FrontMetrics metrics;
    private final CallTracing tracing;
    private final RequestTenants tenants = new RequestTenants();

    public ObservingInterceptor(final FrontMetrics metrics, final CallTracing tracing)
    {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final long startedAt = System.nanoTime();
        final String method = call.getMethodDescriptor().getFullMethodName();
        final CallTrace trace = tracing.start(method, headers);
        final ObservedCall<Q, R> observed = new ObservedCall<>(call, method, startedAt, trace);
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

    private final class ObservedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R>
    {
        private final String method;
        private final long startedAt;
        private final CallTrace trace;
        private volatile long tenantId;

        ObservedCall(final ServerCall<Q, R> call, final String method, final long startedAt, final CallTrace trace)
        {
            super(call);
            this.method = method;
            this.startedAt = startedAt;
            this.trace = trace;
        }

        @Override
        public void close(final Status status, final Metadata trailers)
        {
            metrics.onResponse(method, status, tenantId, System.nanoTime() - startedAt, trace);
            if (trace != null)
            {
                trace.end(status);
            }
            super.close(status, trailers);
        }
    }
}
