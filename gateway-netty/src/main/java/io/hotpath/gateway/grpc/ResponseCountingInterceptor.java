package io.hotpath.gateway.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Counts every gRPC call as it ends, by method and status, and every refusal by reason
 * ({@link GrpcStatuses#reason}), whichever interceptor or service refused it.
 */
public final class ResponseCountingInterceptor implements ServerInterceptor
{
    private final FrontMetrics metrics;

    public ResponseCountingInterceptor(final FrontMetrics metrics)
    {
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final String method = call.getMethodDescriptor().getFullMethodName();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call)
        {
            @Override
            public void close(final Status status, final Metadata trailers)
            {
                metrics.onResponse(method, status);
                super.close(status, trailers);
            }
        }, headers);
    }
}
