package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP admin endpoint of a real engine, as an SRE's tools read it after some traffic: health,
 * Prometheus metrics with stage latency, ring occupancy, rejections and decisions, and the latency page.
 */
@Timeout(60)
class AdminEndpointTest
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path journal;

    @Test
    void shouldServeHealthMetricsAndLatencyAfterTraffic() throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.admin.port", 0)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 60);
            for (int i = 0; i < 3; i++)
            {
                try
                {
                    PaymentsGrpc.newBlockingStub(engine.channel)
                        .decidePayment(PaymentsGrpcTest.payment(1, "0000c0de").setTenantId(0).build());
                }
                catch (final StatusRuntimeException expected)
                {
                    // tenant_id 0 is refused: counted as a rejection
                }
            }
            engine.engine.stageMonitor().tick();
            final int port = engine.engine.adminPort();

            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            final HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("ready: 1 of 1 shards running here");

            final HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            final String text = metrics.body();
            assertThat(value(text, "hotpath_stage_latency_seconds_count\\{shard=\"0\",stage=\"egress\"\\}")).isGreaterThan(60);
            assertThat(value(text, "hotpath_stage_latency_seconds_bucket\\{shard=\"0\",stage=\"decision\",le=\"10.0\"\\}"))
                .isEqualTo(value(text, "hotpath_stage_latency_seconds_count\\{shard=\"0\",stage=\"decision\"\\}"));
            assertThat(value(text, "hotpath_stage_latency_seconds_sum\\{shard=\"0\",stage=\"decision\"\\}")).isPositive();
            final String decide = "method=\"hotpath.v1.Payments/DecidePayment\"";
            assertThat(value(text, "hotpath_grpc_latency_seconds_count\\{code=\"OK\"," + decide + "\\}")).isEqualTo(60);
            assertThat(value(text, "hotpath_grpc_latency_seconds_count\\{code=\"INVALID_ARGUMENT\"," + decide + "\\}")).isEqualTo(3);
            assertThat(value(text, "hotpath_shard_up\\{shard=\"0\"\\}")).isEqualTo(1);
            assertThat(value(text, "hotpath_shard_faulted\\{shard=\"0\"\\}")).isZero();
            assertThat(value(text, "hotpath_ready")).isEqualTo(1);
            assertThat(value(text, "hotpath_journal_disk_free_bytes")).isPositive();
            assertThat(value(text, "hotpath_snapshot_interval_seconds")).isNotNegative();
            assertThat(value(text, "hotpath_shard_commands_total\\{shard=\"0\"\\}")).isGreaterThan(60);
            assertThat(value(text, "hotpath_ring_capacity\\{shard=\"0\"\\}")).isEqualTo(1024);
            for (final String table : List.of("velocity", "success-windows", "cascades", "sku-signals"))
            {
                assertThat(value(text, "hotpath_state_evictions_total\\{shard=\"0\",table=\"" + table + "\"\\}"))
                    .as("%s: the default limits hold this traffic's keys", table).isZero();
            }
            assertThat(value(text, "hotpath_state_capacity\\{shard=\"0\",table=\"velocity\"\\}")).isEqualTo(16_384);
            assertThat(value(text, "hotpath_state_capacity\\{shard=\"0\",table=\"sku-signals\"\\}")).isPositive();
            assertThat(text).contains("hotpath_ring_occupancy{shard=\"0\"}");
            assertThat(value(text, "hotpath_rejections_total\\{reason=\"invalid_argument\"\\}")).isEqualTo(3);
            assertThat(value(text, "hotpath_grpc_responses_total\\{code=\"OK\",method=\"hotpath.v1.Payments/DecidePayment\"\\}"))
                .isEqualTo(60);
            assertThat(value(text, "hotpath_payment_decisions_total\\{action=\"ALLOW\"\\}")).isPositive();
            assertThat(text).containsPattern("hotpath_routes_total\\{processor=\"[a-z]+\"\\} [1-9]");
            assertThat(text).contains("jvm_memory_used_bytes");
            assertThat(value(text, "hotpath_snapshot_last_hold_seconds\\{shard=\"0\"\\}")).as("no snapshot yet").isZero();

            ControlGrpc.newBlockingStub(engine.channel)
                .takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(7).build());
            final String afterSnapshot = get(port, "/metrics").body();
            assertThat(value(afterSnapshot, "hotpath_snapshot_last_hold_seconds\\{shard=\"0\"\\}")).as("the snapshot's hold")
                .isPositive().isLessThan(10);

            final HttpResponse<String> latency = get(port, "/latency");
            assertThat(latency.statusCode()).isEqualTo(200);
            assertThat(latency.body()).startsWith("<!DOCTYPE html>").contains("<svg").contains("egress").contains("p99.9")
                .doesNotContain("<script");

            assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);

            engine.engine.close();
            assertThat(engine.engine.readiness().ready()).isFalse();
            assertThat(engine.engine.readiness().detail()).isEqualTo("shutting down");
        }
    }

    @Test
    void shouldCountTheVelocityKeysAStoreTooSmallForItsTrafficGivesUp() throws Exception
    {
        // 60 payments over 40 cards, and their customers, emails, devices, IPs and BINs, into a store of 8 keys.
        final Map<String, Object> settings = Map.of("hotpath.shards", 1, "hotpath.admin.port", 0, "hotpath.fraud.limits.velocity-keys", 8);
        final String velocity = "hotpath_state_evictions_total\\{shard=\"0\",table=\"velocity\"\\}";
        final double evicted;
        try (TestEngine engine = TestEngine.start(journal, settings))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 60);
            final String text = get(engine.engine.adminPort(), "/metrics").body();
            evicted = value(text, velocity);
            assertThat(evicted).as("at least each card past the eighth key took a slot from another").isGreaterThanOrEqualTo(40 - 8);
            assertThat(value(text, "hotpath_state_evictions_total\\{shard=\"0\",table=\"sku-signals\"\\}")).isZero();
            assertThat(value(text, "hotpath_state_capacity\\{shard=\"0\",table=\"velocity\"\\}")).as("the setting").isEqualTo(8);
        }
        try (TestEngine engine = TestEngine.start(journal, settings))
        {
            assertThat(value(get(engine.engine.adminPort(), "/metrics").body(), velocity))
                .as("restored with the state, before any command: the counter does not go back to zero").isEqualTo(evicted);
        }
    }

    @Test
    void shouldServeNativeHistogramsWithClassicBucketsToAScraperThatAsksForProtobuf() throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.admin.port", 0)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 40);
            engine.engine.stageMonitor().tick();
            // What Prometheus sends when native histograms are on (scrape_protocols: PrometheusProto first).
            final HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.engine.adminPort() + "/metrics"))
                    .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
                    .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/vnd.google.protobuf");
            final Map<String, Metrics.MetricFamily> families = new HashMap<>();
            try (InputStream in = response.body())
            {
                Metrics.MetricFamily family;
                while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null)
                {
                    families.put(family.getName(), family);
                }
            }

            final Metrics.MetricFamily stages = families.get("hotpath_stage_latency_seconds");
            assertThat(stages.getType()).isEqualTo(Metrics.MetricType.HISTOGRAM);
            final Metrics.Histogram egress = stages.getMetricList().stream()
                .filter(metric -> metric.getLabelList().stream().anyMatch(label -> label.getValue().equals("egress")))
                .findFirst().orElseThrow().getHistogram();
            assertThat(egress.getSchema()).isEqualTo(3);
            assertThat(egress.getPositiveSpanCount()).isPositive();
            long nativeCount = 0;
            long delta = 0;
            for (final long bucketDelta : egress.getPositiveDeltaList())
            {
                delta += bucketDelta;
                nativeCount += delta;
            }
            assertThat(nativeCount).as("native buckets hold every call").isEqualTo(egress.getSampleCount()).isGreaterThanOrEqualTo(40);
            assertThat(egress.getBucketList()).as("classic buckets beside them, 10 us to 10 s and +Inf").hasSize(20);
            assertThat(egress.getBucket(egress.getBucketCount() - 1).getCumulativeCount()).isLessThanOrEqualTo(egress.getSampleCount());
            assertThat(families.get("hotpath_grpc_latency_seconds").getMetric(0).getHistogram().getSchema()).isEqualTo(3);
        }
    }

    @Test
    void shouldLabelTheGrpcLatencyOfTheTenantsAnOperatorNamedAndCountEveryOtherAsOther() throws Exception
    {
        final Map<String, Object> settings = Map.of("hotpath.shards", 1, "hotpath.admin.port", 0,
            "hotpath.admin.metrics.tenant-labels", List.of(SampleTraffic.TENANT));
        try (TestEngine engine = TestEngine.start(journal, settings))
        {
            final EngineGrpc.EngineBlockingStub ping = EngineGrpc.newBlockingStub(engine.channel);
            for (int i = 0; i < 5; i++)
            {
                ping.ping(PingRequest.newBuilder().setTenantId(SampleTraffic.TENANT).build());
            }
            for (long tenant = 100; tenant < 107; tenant++)
            {
                ping.ping(PingRequest.newBuilder().setTenantId(tenant).build());
            }
            final String text = get(engine.engine.adminPort(), "/metrics").body();
            final String series = "hotpath_grpc_latency_seconds_count\\{code=\"OK\",method=\"hotpath.v1.Engine/Ping\",tenant=";
            assertThat(value(text, series + "\"" + SampleTraffic.TENANT + "\"\\}")).isEqualTo(5);
            assertThat(value(text, series + "\"other\"\\}")).as("seven tenants, one series").isEqualTo(7);
        }
        assertThatThrownBy(() -> TestEngine.start(journal, Map.of("hotpath.admin.metrics.tenant-labels", List.of(0))))
            .hasMessageContaining("hotpath.admin.metrics.tenant-labels");
    }

    private HttpResponse<String> get(final int port, final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static double value(final String metrics, final String series)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
