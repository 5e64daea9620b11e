package io.hotpath.gateway.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallTracingTest
{
    private static final String METHOD = "hotpath.v1.Payments/DecidePayment";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
        .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    @AfterEach
    void stop()
    {
        provider.close();
    }

    @Test
    void shouldFollowTheParentsSampledFlagWhateverTheRatio()
    {
        final CallTracing never = new CallTracing(provider, 0, CallTracing.StageExemplars.NONE);
        final CallTrace sampled = never.start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-01"));
        assertThat(sampled).isNotNull();
        assertThat(sampled.traceId()).isEqualTo(TRACE);
        sampled.end(Status.UNAVAILABLE.withDescription("shard 3 stopped"));
        final SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo(METHOD);
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("hotpath.v1.Payments");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("DecidePayment");
        assertThat(span.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isEqualTo(14);
        assertThat(span.getStatus().getStatusCode()).as("a server error fails the span").isEqualTo(StatusCode.ERROR);
        assertThat(new CallTracing(provider, 1, CallTracing.StageExemplars.NONE)
            .start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-00"))).isNull();
        // Flags other than sampled (0x02, say) do not sample a call.
        assertThat(never.start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-02"))).isNull();
        assertThat(never.start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-03"))).isNotNull();
    }

    @Test
    void shouldSampleCallsWithoutAValidParentAtTheRatioInANewTrace()
    {
        final CallTracing always = new CallTracing(provider, 1, CallTracing.StageExemplars.NONE);
        final CallTracing never = new CallTracing(provider, 0, CallTracing.StageExemplars.NONE);
        assertThat(never.start(METHOD, new Metadata())).isNull();
        assertThat(always.start(METHOD, new Metadata())).isNotNull();
        final CallTrace malformed = always.start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-0x"));
        assertThat(malformed).isNotNull();
        assertThat(malformed.traceId()).as("a new trace, not the malformed parent's").isNotEqualTo(TRACE);
        assertThat(never.start(METHOD, headers("garbage-01"))).isNull();

        final CallTracing tenth = new CallTracing(provider, 0.1, CallTracing.StageExemplars.NONE);
        int sampled = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final CallTrace trace = tenth.start(METHOD, new Metadata());
            if (trace != null)
            {
                sampled++;
                trace.end(Status.OK);
            }
        }
        assertThat(sampled).as("about a tenth of 10,000").isBetween(850, 1150);
    }

    @Test
    void shouldSampleNothingWhenOff()
    {
        assertThat(CallTracing.OFF.enabled()).isFalse();
        assertThat(CallTracing.OFF.start(METHOD, headers("00-" + TRACE + "-00f067aa0ba902b7-01"))).isNull();
    }

    private static Metadata headers(final String traceparent)
    {
        final Metadata headers = new Metadata();
        headers.put(TRACEPARENT, traceparent);
        return headers;
    }
}
