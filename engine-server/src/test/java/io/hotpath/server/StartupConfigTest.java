package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.v1.RoutingGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class StartupConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldApplyTenantRoutingFilesThroughTheControlPathAtStart() throws Exception
    {
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), routingFileOfTenant7()))
        {
            assertThat(RoutingGrpc.newBlockingStub(engine.channel).route(RoutingGrpcTest.payment(1).build()).getRouted()).isTrue();
        }
    }

    @Test
    void shouldStartAgainOnItsOwnJournalWithTheSameFiles() throws Exception
    {
        final Map<String, Object> settings = routingFileOfTenant7();
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), settings))
        {
            assertThat(RoutingGrpc.newBlockingStub(engine.channel).route(RoutingGrpcTest.payment(1).build()).getRouted()).isTrue();
        }
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), settings))
        {
            assertThat(RoutingGrpc.newBlockingStub(engine.channel).route(RoutingGrpcTest.payment(2).build()).getRouted()).isTrue();
        }
    }

    @Test
    void shouldRefuseToStartAgainWithAFileChangedUnderTheSameVersion() throws Exception
    {
        final Map<String, Object> settings = routingFileOfTenant7();
        TestEngine.start(dir.resolve("journal"), settings).close();
        final Path file = dir.resolve("routing-7.conf");
        Files.writeString(file, Files.readString(file) + "\n# edited, version not raised\n");

        assertThatThrownBy(() -> TestEngine.start(dir.resolve("journal"), settings))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("routing config of tenant 7 rejected: version: 1 is in force; a new config needs a higher version, was 1 "
                + "with other content; raise the version in routing-7.conf");
    }

    @Test
    void shouldApplyAShardsFilesWhenItStartsOnAClusterNode() throws Exception
    {
        final int clusterPort = TestEngine.freePort();
        final Map<String, Object> settings = new HashMap<>(routingFileOfTenant7());
        settings.putAll(Map.of(
            "hotpath.grpc.port", TestEngine.freePort(),
            "hotpath.cluster.enabled", true,
            "hotpath.cluster.port", clusterPort,
            "hotpath.cluster.seed-nodes", List.of("127.0.0.1:" + clusterPort),
            // One node: no other node to follow its shards, so one copy (the default factor, 3, would refuse every command).
            "hotpath.replication.factor", 1));
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), settings))
        {
            // The node serves before the coordinator has placed its shards: ask until tenant 7's shard runs here with its file.
            final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            StatusRuntimeException last = null;
            while (System.nanoTime() < deadline)
            {
                try
                {
                    assertThat(routing.route(RoutingGrpcTest.payment(1).build()).getRouted()).isTrue();
                    return;
                }
                catch (final StatusRuntimeException notYet)
                {
                    last = notYet;
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("tenant 7 never routed on the one-node cluster", last);
        }
    }

    @Test
    void shouldApplyTenantFraudFilesAtStartToo() throws Exception
    {
        final Path routing = dir.resolve("routing-7.conf");
        Files.write(routing, RoutingGrpcTest.example().toByteArray());
        final Path fraud = dir.resolve("fraud-7.conf");
        Files.writeString(fraud, "rules = \"\"\"\nblock \"all big\" if amount > 10\n\"\"\"\n");
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"), Map.of(
            "hotpath.routing.tenants", List.of(Map.of("tenant", 7, "file", routing.toString())),
            "hotpath.fraud.tenants", List.of(Map.of("tenant", 7, "file", fraud.toString())))))
        {
            final var decision = io.hotpath.gateway.v1.PaymentsGrpc.newBlockingStub(engine.channel)
                .decidePayment(PaymentsGrpcTest.payment(1, "0000000000000001").setTenantId(7).build());
            assertThat(decision.getDecidingRule()).isEqualTo("all big");
        }
    }

    @Test
    void shouldRefuseToStartWithARoutingFileThatDoesNotValidate() throws Exception
    {
        final Path file = dir.resolve("routing-8.conf");
        Files.writeString(file, "processors = [ { id = a, networks = [visa], currencies = [EUR] } ]\n"
            + "default { strategy = priority, processors = [b] }\n");

        assertThatThrownBy(() -> TestEngine.start(dir.resolve("journal"),
            Map.of("hotpath.routing.tenants", List.of(Map.of("tenant", 8, "file", file.toString())))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("routing config of tenant 8 rejected: routing-8.conf:2: default.processors[0]: unknown processor \"b\"");
    }

    @Test
    void shouldApplyPriceBooksAtStartAndRefuseOneThatDoesNotValidate() throws Exception
    {
        final Path book = dir.resolve("pricing-7.conf");
        Files.write(book, PricingGrpcTest.example().toByteArray());
        try (TestEngine engine = TestEngine.start(dir.resolve("journal"),
            Map.of("hotpath.pricing.tenants", List.of(Map.of("tenant", 7, "file", book.toString())))))
        {
            assertThat(io.hotpath.gateway.v1.PricingGrpc.newBlockingStub(engine.channel)
                .quote(PricingGrpcTest.quote("BOOK-NOVEL", 1, "EUR").build()).getConfigVersion()).isEqualTo(1);
        }

        final Path broken = dir.resolve("pricing-9.conf");
        Files.writeString(broken, "currency = EUR\nskus = [ { sku = A, price = 10, group = x } ]\n"
            + "promotions = [ { name = p, groups = [y], percent-off = \"5%\",\n"
            + "  from = \"2026-01-01T00:00:00Z\", to = \"2027-01-01T00:00:00Z\" } ]\n");
        assertThatThrownBy(() -> TestEngine.start(dir.resolve("journal-2"),
            Map.of("hotpath.pricing.tenants", List.of(Map.of("tenant", 9, "file", broken.toString())))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("pricing config of tenant 9 rejected: pricing-9.conf:3: promotions[0].groups[0]: no SKU is in group \"y\"");
    }

    /**
     * @return the settings that apply the example routing config to tenant 7 from {@code routing-7.conf} at start.
     */
    private Map<String, Object> routingFileOfTenant7() throws IOException
    {
        final Path file = dir.resolve("routing-7.conf");
        Files.write(file, RoutingGrpcTest.example().toByteArray());
        return Map.of("hotpath.routing.tenants", List.of(Map.of("tenant", 7, "file", file.toString())));
    }
}
