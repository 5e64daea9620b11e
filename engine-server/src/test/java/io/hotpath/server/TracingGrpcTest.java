package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's W3C trace continued into the engine and exported over OTLP/HTTP to a real endpoint: an
 * HTTP server on loopback that decodes each export with the OpenTelemetry protocol's own messages.
 */
@Timeout(90)
class TracingGrpcTest
{
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String UNSAMPLED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ResourceSpans> exported = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @TempDir
    Path journal;

    @BeforeEach
    void startCollector() throws Exception
    {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange ->
        {
            try (InputStream in = exchange.getRequestBody())
            {
                exported.addAll(ExportTraceServiceRequest.parseFrom(in.readAllBytes()).getResourceSpansList());
            }
            final byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        collector.start();
    }

    @AfterEach
    void stopCollector()
    {
        collector.stop(0);
    }

    @Test
    void shouldContinueASampledCallersTraceWithTheShardsStagesAndTheJournalIndex() throws Exception
    {
        final Map<String, Object> settings = Map.of(
            "hotpath.shards", 1,
            "hotpath.admin.port", 0,
            "hotpath.tracing.enabled", true,
            // Only the callers' flags decide: a call without a parent is not sampled.
            "hotpath.tracing.sampling-ratio", 0.0,
            "hotpath.tracing.otlp-endpoint", "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
        final long journalIndex;
        final String openMetrics;
        try (TestEngine engine = TestEngine.start(journal, settings))
        {
            SampleTraffic.configure(engine);
            decide(engine, "00-" + TRACE + "-" + PARENT + "-01", 1, 9001);
            decide(engine, "00-" + UNSAMPLED_TRACE + "-" + PARENT + "-00", 2, 9002);
            decide(engine, null, 3, 9003);
            engine.engine.stageMonitor().tick();
            openMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + engine.engine.adminPort() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
                HttpResponse.BodyHandlers.ofString()).body();
            // Closing the engine sends what the exporter still holds.
        }

        final List<Span> spans = new ArrayList<>();
        for (final ResourceSpans resource : exported)
        {
            assertThat(attribute(resource.getResource().getAttributesList(), "service.name").getStringValue()).isEqualTo("hotpath");
            for (final ScopeSpans scope : resource.getScopeSpansList())
            {
                spans.addAll(scope.getSpansList());
            }
        }
        assertThat(spans).as("only the call whose parent was sampled").hasSize(1);
        final Span span = spans.get(0);
        assertThat(hex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
        assertThat(hex(span.getParentSpanId().toByteArray())).isEqualTo(PARENT);
        assertThat(span.getName()).isEqualTo("hotpath.v1.Payments/DecidePayment");
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(attribute(span.getAttributesList(), "rpc.system").getStringValue()).isEqualTo("grpc");
        assertThat(attribute(span.getAttributesList(), "rpc.grpc.status_code").getIntValue()).isZero();
        assertThat(attribute(span.getAttributesList(), "hotpath.tenant_id").getIntValue()).isEqualTo(SampleTraffic.TENANT);
        assertThat(attribute(span.getAttributesList(), "hotpath.shard").getIntValue()).isZero();
        assertThat(span.getEventsList()).extracting(Span.Event::getName).containsExactly("journal", "decision", "egress");
        long previous = span.getStartTimeUnixNano() - 1_000_000;
        for (final Span.Event event : span.getEventsList())
        {
            assertThat(event.getTimeUnixNano()).as(event.getName() + " within the span").isGreaterThanOrEqualTo(previous)
                .isLessThanOrEqualTo(span.getEndTimeUnixNano() + 1_000_000);
            previous = event.getTimeUnixNano();
        }

        journalIndex = attribute(span.getAttributesList(), "hotpath.journal.index").getIntValue();
        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final CommandCursor commands = reader.commands();
            assertThat(commands.seekIndex(journalIndex)).isTrue();
            assertThat(commands.next()).isTrue();
            assertThat(commands.correlationId()).as("the journal entry the span names is the traced call's command").isEqualTo(9001);
        }

        final String exemplar = ",le=\"[^\"]+\"\\} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"" + TRACE + "\"\\}";
        assertThat(openMetrics).as("exemplars carry the sampled call's trace")
            .containsPattern("hotpath_grpc_latency_seconds_bucket\\{code=\"OK\",method=\"hotpath.v1.Payments/DecidePayment\"" + exemplar)
            .containsPattern("hotpath_stage_latency_seconds_bucket\\{shard=\"0\",stage=\"decision\"" + exemplar)
            .doesNotContain(UNSAMPLED_TRACE);
    }

    @Test
    void shouldRefuseATracingSettingOutOfRangeNamingIt()
    {
        assertThatThrownBy(() -> TestEngine.start(journal, Map.of("hotpath.tracing.enabled", true, "hotpath.tracing.sampling-ratio", 1.5)))
            .hasMessageContaining("hotpath.tracing.sampling-ratio");
        assertThatThrownBy(() -> TestEngine.start(journal, Map.of("hotpath.tracing.otlp-endpoint", "collector:4317")))
            .hasMessageContaining("hotpath.tracing.otlp-endpoint");
    }

    private static void decide(final TestEngine engine, final String traceparent, final long paymentId, final long correlationId)
    {
        PaymentsGrpc.PaymentsBlockingStub stub = PaymentsGrpc.newBlockingStub(engine.channel).withDeadlineAfter(Duration.ofSeconds(10));
        if (traceparent != null)
        {
            final Metadata headers = new Metadata();
            headers.put(TRACEPARENT, traceparent);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        stub.decidePayment(PaymentsGrpcTest.payment(paymentId, "00000000000c0de" + paymentId).setTenantId(SampleTraffic.TENANT)
            .setCorrelationId(correlationId).build());
    }

    private static AnyValue attribute(final List<KeyValue> attributes, final String key)
    {
        return attributes.stream().filter(attribute -> attribute.getKey().equals(key)).findFirst()
            .orElseThrow(() -> new AssertionError(key + " not in " + attributes)).getValue();
    }

    private static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }
}
