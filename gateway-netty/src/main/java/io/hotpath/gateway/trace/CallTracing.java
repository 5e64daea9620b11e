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
import java.util.concurrent.ThreadLocalRandom;

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
 * A call with a valid {@code traceparent} is sampled when its parent is (the header's sampled
 * flag); a call without one, at the configured ratio. That decision is taken here, before the
 * OpenTelemetry SDK is asked for anything, so an unsampled call costs a header lookup and nothing
 * more (TracingBenchmark); the tracer's own sampler should then keep every span it is given
 * ({@code parentBased(alwaysOn)}). An unsampled call gets no {@link CallTrace}: the fronts see null.
 *
 * <p>Thread-safe: one per front, used by every event loop.
 */
public final class CallTracing
{
    /** Tracing off: every call is unsampled. */
    public static final CallTracing OFF = new CallTracing(null, 0, StageExemplars.NONE);
    private static final int TRACEPARENT_LENGTH = 55;
    private static final int FLAGS_OFFSET = 53;

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
    private final double samplingRatio;
    private final StageExemplars exemplars;

    /**
     * @param provider      its sampler should keep every span (the decision is taken here).
     * @param samplingRatio the share of calls without a parent that are sampled, in [0, 1].
     * @param exemplars     where a sampled call's stage latencies go as exemplars.
     */
    public CallTracing(final TracerProvider provider, final double samplingRatio, final StageExemplars exemplars)
    {
        this.tracer = provider == null ? null : provider.get("io.hotpath.gateway");
        this.samplingRatio = samplingRatio;
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
        final String traceparent = headers.get(TRACEPARENT);
        final boolean sampled = valid(traceparent) ? sampledFlag(traceparent)
            : samplingRatio > 0 && ThreadLocalRandom.current().nextDouble() < samplingRatio;
        if (!sampled)
        {
            return null;
        }
        final io.opentelemetry.context.Context parent =
            W3CTraceContextPropagator.getInstance().extract(io.opentelemetry.context.Context.root(), headers, HEADERS);
        final Span span = tracer.spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        if (!span.getSpanContext().isSampled())
        {
            // The tracer's sampler dropped it after all: nothing to end or export.
            return null;
        }
        final int slash = method.lastIndexOf('/');
        span.setAttribute("rpc.system", "grpc");
        span.setAttribute("rpc.service", slash < 0 ? method : method.substring(0, slash));
        span.setAttribute("rpc.method", slash < 0 ? method : method.substring(slash + 1));
        return new CallTrace(span, exemplars);
    }

    /**
     * @return whether {@code traceparent} has the W3C shape {@code 00-<32 hex>-<16 hex>-<2 hex>}; the propagator
     *         checks the ids themselves.
     */
    static boolean valid(final String traceparent)
    {
        return traceparent != null && traceparent.length() == TRACEPARENT_LENGTH && traceparent.startsWith("00-")
            && traceparent.charAt(35) == '-' && traceparent.charAt(52) == '-'
            && Character.digit(traceparent.charAt(FLAGS_OFFSET), 16) >= 0 && Character.digit(traceparent.charAt(FLAGS_OFFSET + 1), 16) >= 0;
    }

    private static boolean sampledFlag(final String traceparent)
    {
        return (Character.digit(traceparent.charAt(FLAGS_OFFSET + 1), 16) & 1) == 1;
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
