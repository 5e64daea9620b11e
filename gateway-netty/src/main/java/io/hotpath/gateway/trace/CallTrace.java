package io.hotpath.gateway.trace;

import io.grpc.Status;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.core.shard.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The span of one sampled gRPC call. The front that takes the call names its tenant and shard; the
 * shard's egress thread adds the stages when it hands over the result; the call's end closes it.
 *
 * <p>The span carries the shard, the command's engine sequence (the same on every node of a
 * cluster) and this node's journal index: the trace of any journal entry a dump or a replay shows
 * is found by the shard and the sequence, and a trace leads to its entry the same way (see
 * docs/runbook.md, "From a trace to the journal and back").
 *
 * <p>Thread-safe in the way the call uses it: set up on an event loop, completed on the egress
 * thread, ended by whichever thread sends the status; the span itself is thread-safe.
 */
public final class CallTrace
{
    private final Span span;
    private final CallTracing.StageExemplars exemplars;
    private volatile int shardId = -1;

    CallTrace(final Span span, final CallTracing.StageExemplars exemplars)
    {
        this.span = span;
        this.exemplars = exemplars;
    }

    /**
     * @return the trace of the call running on this thread (a service method, inside its grpc context); null when it
     *         is not sampled.
     */
    public static CallTrace current()
    {
        return CallTracing.CURRENT.get();
    }

    /**
     * Names the tenant the call acts for and the shard its command goes to.
     */
    public void routed(final long tenantId, final int shardId)
    {
        this.shardId = shardId;
        span.setAttribute("hotpath.tenant_id", tenantId);
        span.setAttribute("hotpath.shard", shardId);
    }

    /**
     * @return a listener that adds the shard's stages to this trace, then hands the result to {@code listener}.
     */
    public ResultListener around(final ResultListener listener)
    {
        return event ->
        {
            onResult(event);
            listener.onResult(event);
        };
    }

    /**
     * Adds what the shard did with the call's command: its journal index and engine sequence, and the
     * time each stage ended as an event. Runs on the shard's egress thread.
     */
    public void onResult(final ShardEvent event)
    {
        if (event.journaled())
        {
            span.setAttribute("hotpath.journal.index", event.journalIndex());
            stage(Stage.JOURNAL, event.publishedAt(), event.journaledAt());
        }
        span.setAttribute("hotpath.engine_sequence", event.engineSequence());
        stage(Stage.DECISION, event.publishedAt(), event.decidedAt());
        stage(Stage.EGRESS, event.publishedAt(), event.egressAt());
    }

    /**
     * Ends the span with the call's status: a server error marks it failed, a caller's error does not
     * (OpenTelemetry's conventions for gRPC servers).
     */
    public void end(final Status status)
    {
        span.setAttribute("rpc.grpc.status_code", status.getCode().value());
        if (serverError(status.getCode()))
        {
            span.setStatus(StatusCode.ERROR, status.getDescription() == null ? status.getCode().name() : status.getDescription());
        }
        span.end();
    }

    public String traceId()
    {
        return span.getSpanContext().getTraceId();
    }

    public String spanId()
    {
        return span.getSpanContext().getSpanId();
    }

    private void stage(final Stage stage, final long publishedAt, final long at)
    {
        if (at == 0)
        {
            return;
        }
        span.addEvent(stage.name().toLowerCase(Locale.ROOT), at, TimeUnit.NANOSECONDS);
        exemplars.offer(shardId, stage, at - publishedAt, traceId(), spanId());
    }

    private static boolean serverError(final Status.Code code)
    {
        switch (code)
        {
            case UNKNOWN:
            case DEADLINE_EXCEEDED:
            case UNIMPLEMENTED:
            case INTERNAL:
            case UNAVAILABLE:
            case DATA_LOSS:
                return true;
            default:
                return false;
        }
    }
}
