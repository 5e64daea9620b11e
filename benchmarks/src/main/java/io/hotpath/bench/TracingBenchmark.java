package io.hotpath.bench;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.hotpath.gateway.trace.CallTracing;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing adds to one gRPC call: the front's outermost interceptor, as the engine runs it,
 * taking a call's headers and ending it, with the engine's tracing off, on with the caller's
 * parent unsampled, on without a parent (sampled at 1%), and on with the parent sampled (the span
 * kept and handed to a batch exporter that drops it).
 *
 * <pre>
 *   OFF        hotpath.tracing.enabled = false, traceparent sent     the header is not read
 *   UNSAMPLED  enabled, traceparent flags 00                         the header is parsed; no span is kept
 *   NO_PARENT  enabled, no traceparent, sampling-ratio 0.01          1 call in 100 gets a span
 *   SAMPLED    enabled, traceparent flags 01                         a span, its attributes, the batch queue
 * </pre>
 *
 * The difference between OFF and UNSAMPLED is what every unsampled call pays. A whole call through
 * the engine costs tens of microseconds of CPU (see benchmarks/RESULTS.md), so the figure here
 * says how much of that the tracing hook takes. Everything else a call does is the same in every
 * mode, and is left out: the gRPC transport, the service and the shard.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TracingBenchmark
{
    private static final CallGuard UNGUARDED = CallGuard.withoutQuotas();
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-";
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<InputStream, InputStream> METHOD = MethodDescriptor.<InputStream, InputStream>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("hotpath.v1.Payments/DecidePayment")
        .setRequestMarshaller(Bytes.MARSHALLER).setResponseMarshaller(Bytes.MARSHALLER).build();

    @Param({"OFF", "UNSAMPLED", "NO_PARENT", "SAMPLED"})
    public String tracing;

    private SdkTracerProvider provider;
    private FrontInterceptor interceptor;
    private final Metadata headers = new Metadata();
    private final Metadata trailers = new Metadata();
    private final BareCall call = new BareCall();
    private final ServerCallHandler<InputStream, InputStream> handler = (started, startedHeaders) ->
    {
        call.started = started;
        return new ServerCall.Listener<>()
        {
        };
    };

    @Setup(Level.Trial)
    public void start()
    {
        if ("OFF".equals(tracing))
        {
            interceptor = new FrontInterceptor(FrontMetrics.NONE, CallTracing.OFF, Authenticator.OFF, UNGUARDED);
        }
        else
        {
            // As the engine sets it up (TracingSettings): the fronts sample, the tracer keeps what it is given.
            provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
                .build();
            interceptor = new FrontInterceptor(FrontMetrics.NONE,
                new CallTracing(provider, "NO_PARENT".equals(tracing) ? 0.01 : 0, CallTracing.StageExemplars.NONE),
                Authenticator.OFF, UNGUARDED);
        }
        if (!"NO_PARENT".equals(tracing))
        {
            headers.put(TRACEPARENT, TRACE + ("SAMPLED".equals(tracing) ? "01" : "00"));
        }
    }

    /**
     * One call as the interceptor sees it: headers in, status out.
     */
    @Benchmark
    public ServerCall.Listener<InputStream> call()
    {
        final ServerCall.Listener<InputStream> listener = interceptor.interceptCall(call, headers, handler);
        call.started.close(Status.OK, trailers);
        return listener;
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        if (provider != null)
        {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The transport's side of a call, doing nothing, so that only the interceptor is measured.
     */
    private static final class BareCall extends ServerCall<InputStream, InputStream>
    {
        ServerCall<InputStream, InputStream> started;

        @Override
        public void request(final int numMessages)
        {
        }

        @Override
        public void sendHeaders(final Metadata headers)
        {
        }

        @Override
        public void sendMessage(final InputStream message)
        {
        }

        @Override
        public void close(final Status status, final Metadata trailers)
        {
        }

        @Override
        public boolean isCancelled()
        {
            return false;
        }

        @Override
        public Attributes getAttributes()
        {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<InputStream, InputStream> getMethodDescriptor()
        {
            return METHOD;
        }
    }

    /**
     * Raw bytes for the method descriptor; no message is sent.
     */
    private static final class Bytes implements MethodDescriptor.Marshaller<InputStream>
    {
        static final Bytes MARSHALLER = new Bytes();

        @Override
        public InputStream stream(final InputStream value)
        {
            return value;
        }

        @Override
        public InputStream parse(final InputStream stream)
        {
            return stream == null ? new ByteArrayInputStream(new byte[0]) : stream;
        }
    }

    /**
     * Takes every batch and drops it: the exporter's own cost is on its thread, not the call's.
     */
    private static final class DroppingExporter implements SpanExporter
    {
        @Override
        public CompletableResultCode export(final Collection<SpanData> spans)
        {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush()
        {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown()
        {
            return CompletableResultCode.ofSuccess();
        }
    }
}
