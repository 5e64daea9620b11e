package io.hotpath.gateway.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.hotpath.gateway.trace.CallTrace;

/**
 * One gRPC call as the front's interceptor wraps it, the last wrapper before the transport: it counts and times the
 * call when its status is sent, ends its span, and hands a unary reply written on a shard's egress thread to the call's
 * event loop ({@link LoopReplies}). Its headers, message and status are kept and sent together on the loop when the
 * status comes. Streaming calls, and replies written on the loop, pass straight through.
 *
 * <p>Written by one thread at a time, as grpc requires of a call; {@link #tenantId} is set on the loop and read on
 * whichever thread ends the call.
 */
final class ObservedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> implements LoopReplies.Reply
{
    private final FrontMetrics metrics;
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
     * @param startedAt {@link System#nanoTime()} when the call's headers arrived.
     * @param trace     the call's span when it is sampled, or null.
     * @param loop      the unary call's event loop, or null to send on whichever thread writes.
     */
    ObservedCall(final ServerCall<Q, R> call, final FrontMetrics metrics, final String method, final long startedAt,
        final CallTrace trace, final LoopReplies.Loop loop)
    {
        super(call);
        this.metrics = metrics;
        this.method = method;
        this.startedAt = startedAt;
        this.trace = trace;
        this.loop = loop;
    }

    /**
     * Names the tenant the call's request acts for, for the metrics that label tenants.
     */
    void tenantId(final long tenantId)
    {
        this.tenantId = tenantId;
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
