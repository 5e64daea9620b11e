package io.hotpath.gateway.trace;

import io.grpc.Context;
import io.grpc.Metadata;
import io.hotpath.core.shard.Stage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Continues an upstream call's W3C trace into the engine: a server span for each sampled gRPC call,
 * child of the caller's {@code traceparent}, with the stages the shard measured as its events.
 *
 * <pre>
 *   traceparent ──► span "hotpath.v1.Payments/DecidePayment" (SERVER)
 *                     attributes  rpc.system, rpc.service, rpc.method, rpc.grpc.status_code,
 *                                 hotpath.tenant_id, hotpath.shard, hotpath.journal.index, hotpath.engine_sequence
 *                     events      journal, decision, egress   (the shard's own stage timestamps)
 * </pre>
 *
 * Whether a call is sampled is the tracer's sampler's choice (the engine configures it to follow
 * the parent's flag, and a ratio for calls without a parent). An unsampled call gets no
 * {@link CallTrace}: nothing of it is kept past the decision, and the fronts see null.
 *
 * <p>Thread-safe: one per front, used by every event loop.
 */
public final class CallTracing
{
    /** Tracing off: every call is unsampled. */
    public static final CallTracing OFF = new CallTracing(null, null);

    static final Context.Key<CallTrace> CURRENT = Context.key("hotpath-call-trace");
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACESTATE = Metadata.Key.of("tracestate", Metadata.ASCII_STRING_MARSHALLER);
    private static final TextMapGetter<Metadata> HEADERS = new TextMapGetter<>()
    {
        @Override
        public String get(final Metadata carrier, final String key)
        {
            // The W3C propagator asks for these two alone: no key is made per call.
            if (carrier == null)
            {
                return null;
            }
            if (TRACEPARENT.name().equals(key))
            {
                return carrier.get(TRACEPARENT);
            }
            return TRACESTATE.name().equals(key) ? carrier.get(TRACESTATE) : null;
        }
    };

    private final Tracer tracer;
    private final StageExemplars exemplars;

    /**
     * @param exemplars where a sampled call's stage latencies go as exemplars.
     */
    public CallTracing(final TracerProvider provider, final StageExemplars exemplars)
    {
        this.tracer = provider == null ? null : provider.get("io.hotpath.gateway");
        this.exemplars = exemplars;
    }

    /**
     * @return whether any call may be sampled.
     */
    public boolean enabled()
    {
        return tracer != null;
    }

    /**
     * Starts the span of one call, child of the trace its headers carry.
     *
     * @param method the full gRPC method name.
     * @return the call's trace when it is sampled; null when it is not, or tracing is off.
     */
    public CallTrace start(final String method, final Metadata headers)
    {
        if (tracer == null)
        {
            return null;
        }
        final io.opentelemetry.context.Context parent =
            W3CTraceContextPropagator.getInstance().extract(io.opentelemetry.context.Context.root(), headers, HEADERS);
        final Span span = tracer.spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        if (!span.getSpanContext().isSampled())
        {
            // Not recorded: nothing to end or export. The attributes below are made for sampled calls alone.
            return null;
        }
        final int slash = method.lastIndexOf('/');
        span.setAttribute("rpc.system", "grpc");
        span.setAttribute("rpc.service", slash < 0 ? method : method.substring(0, slash));
        span.setAttribute("rpc.method", slash < 0 ? method : method.substring(slash + 1));
        return new CallTrace(span, exemplars);
    }

    /**
     * @return the grpc context of a call, carrying its trace for the service that answers it.
     */
    public static Context attach(final Context context, final CallTrace trace)
    {
        return context.withValue(CURRENT, trace);
    }

    /**
     * Where a sampled call's stage latencies are kept as exemplars of the stage histograms.
     */
    @FunctionalInterface
    public interface StageExemplars
    {
        StageExemplars NONE = (shardId, stage, nanos, traceId, spanId) ->
        {
        };

        void offer(int shardId, Stage stage, long nanos, String traceId, String spanId);
    }
}
