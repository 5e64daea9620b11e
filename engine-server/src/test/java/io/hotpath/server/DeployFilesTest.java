package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PaymentsGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules, their runbook and the dashboard under deploy/, checked as an SRE would use them:
 * promtool's own checks and unit tests, every alert linked to its runbook section, and a real
 * Prometheus scraping a real engine, evaluating every rule and answering every dashboard query.
 *
 * <p>promtool and prometheus come from Debian's {@code prometheus} package, which .ci/run installs.
 */
@Timeout(180)
class DeployFilesTest
{
    private static final String PROMTOOL = "promtool";
    private static final String PROMETHEUS = "prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int prometheusPort;

    /** Kept when a test fails: Prometheus's log and data are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldPassPromtoolsChecksAndTheRulesUnitTests() throws Exception
    {
        final Path rules = DeployedQueries.rules();
        assertThat(run(rules.getParent(), PROMTOOL, "check", "rules", rules.getFileName().toString())).contains("SUCCESS");
        assertThat(run(rules.getParent(), PROMTOOL, "test", "rules", "hotpath-rules-test.yml")).contains("SUCCESS");
        assertThat(run(rules.getParent(), PROMTOOL, "check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void shouldLinkEveryAlertToItsRunbookSectionAndTestItFiringAndNot() throws Exception
    {
        final String runbook = Files.readString(DeployedQueries.root().resolve("docs/runbook.md"));
        final Set<String> anchors = new TreeSet<>();
        for (final String line : runbook.split("\n"))
        {
            if (line.startsWith("## "))
            {
                anchors.add(line.substring(3).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
            }
        }
        final JsonNode tests = DeployedQueries.yaml(DeployedQueries.rules().resolveSibling("hotpath-rules-test.yml"));
        final Map<String, List<Integer>> expected = new HashMap<>();
        for (final JsonNode test : tests.get("tests"))
        {
            for (final JsonNode alertTest : test.path("alert_rule_test"))
            {
                expected.computeIfAbsent(alertTest.get("alertname").asText(), name -> new ArrayList<>())
                    .add(alertTest.get("exp_alerts").size());
            }
        }
        final List<String> alerts = new ArrayList<>();
        for (final JsonNode rule : DeployedQueries.ruleNodes())
        {
            if (!rule.has("alert"))
            {
                continue;
            }
            final String alert = rule.get("alert").asText();
            alerts.add(alert);
            final String url = rule.at("/annotations/runbook_url").asText();
            assertThat(url).as(alert + "'s runbook_url").startsWith("docs/runbook.md#");
            assertThat(anchors).as(alert + "'s runbook section").contains(url.substring(url.indexOf('#') + 1));
            assertThat(rule.at("/labels/severity").asText()).as(alert + "'s severity").isIn("page", "ticket");
            assertThat(expected.get(alert)).as(alert + " is tested firing and not firing").isNotNull()
                .anyMatch(firing -> firing > 0).anyMatch(firing -> firing == 0);
        }
        assertThat(alerts).as("the alerts the SRE kit promises").contains(
            "HotpathDecisionLatencyBudgetBurn", "HotpathErrorBudgetBurn", "HotpathRingNearFull", "HotpathOverloadRefusals",
            "HotpathShardFaulted", "HotpathNotReady", "HotpathSnapshotStale", "HotpathJournalDiskLow", "HotpathFollowerLagging",
            "HotpathExportLagging", "HotpathCertificateExpiresSoon");
    }

    @Test
    void shouldServeEveryMetricTheRulesAndTheDashboardReadAndFillThemInARealPrometheus() throws Exception
    {
        final TestCertificates.Issued authority = TestCertificates.authority(dir, "ca", "CN=Hotpath Test CA");
        final TestCertificates.Issued server = TestCertificates.issue(dir, "server", "CN=localhost", authority, true);
        final Map<String, Object> settings = Map.of(
            "hotpath.shards", 2,
            "hotpath.admin.port", 0,
            "hotpath.journal.snapshot-interval", "1m",
            "hotpath.tls.enabled", true,
            "hotpath.tls.cert-chain", server.certificate().toString(),
            "hotpath.tls.private-key", server.key().toString(),
            "hotpath.tls.trust-certs", authority.certificate().toString());
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), settings))
        {
            final ManagedChannel tls = NettyChannelBuilder.forAddress("localhost", engine.engine.port())
                .sslContext(GrpcSslContexts.forClient().trustManager(authority.certificate().toFile()).build()).build();
            try
            {
                ExampleConfigs.apply(ControlGrpc.newBlockingStub(tls), SampleTraffic.TENANT, true);
                decide(tls, 1, 20);
                engine.engine.stageMonitor().tick();
                final String scrape = get("http://127.0.0.1:" + engine.engine.adminPort() + "/metrics");
                // The replication metrics are checked by the cluster's test, the exporter's by the export test.
                final Set<String> checked = DeployedQueries.assertServed(scrape,
                    name -> !name.startsWith("hotpath_replica_") && !name.startsWith("hotpath_export_"));
                assertThat(checked).contains("hotpath_grpc_latency_seconds_bucket", "hotpath_stage_latency_seconds_bucket",
                    "hotpath_tls_certificate_expiry_timestamp_seconds", "hotpath_snapshot_last_success_timestamp_seconds",
                    "hotpath_journal_disk_free_bytes", "hotpath_ready", "hotpath_shard_faulted", "jvm_gc_collection_seconds_sum");

                final Process prometheus = startPrometheus(engine.engine.adminPort());
                try
                {
                    final String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
                    final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    int paymentId = 100;
                    while (!hasValue(api, "hotpath:decision_latency_slow:ratio_rate5m")
                        || !hasValue(api, "hotpath:server_errors:ratio_rate1h"))
                    {
                        assertThat(System.nanoTime()).as("Prometheus evaluated the recording rules within 60 s; "
                            + "its targets: %s; its log in %s", get(api + "targets"), dir).isLessThan(until);
                        decide(tls, paymentId, paymentId + 5);
                        paymentId += 5;
                        engine.engine.stageMonitor().tick();
                        Thread.sleep(500);
                    }
                    decide(tls, paymentId, paymentId + 20);
                    engine.engine.stageMonitor().tick();
                    Thread.sleep(3_000);

                    for (final JsonNode group : JSON.readTree(get(api + "rules")).at("/data/groups"))
                    {
                        for (final JsonNode rule : group.get("rules"))
                        {
                            assertThat(rule.get("health").asText()).as(rule.get("name").asText() + ": " + rule.path("lastError").asText())
                                .isEqualTo("ok");
                        }
                    }
                    for (final String expression : DeployedQueries.dashboardExpressions())
                    {
                        final JsonNode answer = JSON.readTree(get(api + "query?query=" + URLEncoder.encode(
                            dashboardVariables(expression), StandardCharsets.UTF_8)));
                        assertThat(answer.get("status").asText()).as(expression + ": " + answer.path("error").asText())
                            .isEqualTo("success");
                        if (!expression.contains("hotpath_replica_") && !expression.contains("hotpath_export_"))
                        {
                            assertThat(answer.at("/data/result")).as("the panel has data: " + expression).isNotEmpty();
                        }
                    }
                }
                finally
                {
                    prometheus.destroy();
                    prometheus.waitFor(10, TimeUnit.SECONDS);
                }
            }
            finally
            {
                tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private Process startPrometheus(final int adminPort) throws Exception
    {
        prometheusPort = TestEngine.freePort();
        final Path config = dir.resolve("prometheus.yml");
        // The shipped job, scraped and evaluated every second so the test need not wait.
        Files.writeString(config, Files.readString(DeployedQueries.rules().resolveSibling("prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace("- hotpath-rules.yml", "- " + DeployedQueries.rules())
            .replace("127.0.0.1:9464", "127.0.0.1:" + adminPort));
        final Process prometheus = new ProcessBuilder(command(PROMETHEUS), "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        final Instant deadline = Instant.now().plusSeconds(30);
        while (true)
        {
            try
            {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200)
                {
                    return prometheus;
                }
            }
            catch (final IOException notYet)
            {
                assertThat(prometheus.isAlive()).as("prometheus runs: " + Files.readString(dir.resolve("prometheus.log"))).isTrue();
            }
            assertThat(Instant.now()).as("prometheus ready within 30 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private boolean hasValue(final String api, final String query) throws Exception
    {
        return !JSON.readTree(get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).at("/data/result").isEmpty();
    }

    /**
     * @return the query as Grafana sends it with every variable at "All" and a rate interval of 30 s.
     */
    private static String dashboardVariables(final String expression)
    {
        return expression.replace("$__rate_interval", "30s").replace("$job", "hotpath").replace("$instance", ".*")
            .replace("$shard", ".*").replace("$method", ".*");
    }

    private static void decide(final ManagedChannel channel, final int from, final int to)
    {
        final PaymentsGrpc.PaymentsBlockingStub payments = PaymentsGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10));
        for (int i = from; i < to; i++)
        {
            payments.decidePayment(
                PaymentsGrpcTest.payment(i, String.format("%016x", 0xC0DEL + i)).setTenantId(SampleTraffic.TENANT).build());
        }
        try
        {
            payments.decidePayment(PaymentsGrpcTest.payment(from, "00000000c0de").setTenantId(SampleTraffic.TENANT).build());
        }
        catch (final StatusRuntimeException refused)
        {
            // A fingerprint too short: INVALID_ARGUMENT, counted as a rejection by reason.
        }
    }

    private String get(final String url) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static String run(final Path workDir, final String tool, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(command(tool));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    /**
     * @return the tool's path; fails, naming the package, when it is not installed.
     */
    private static String command(final String tool)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return Path.of(dir, tool).toString();
            }
        }
        throw new AssertionError(tool + " is not on the PATH: install Debian's prometheus package (apt-get install prometheus), "
            + "as .ci/run does");
    }
}
