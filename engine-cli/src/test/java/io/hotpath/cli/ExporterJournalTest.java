package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.hotpath.events.v1.AttemptReported;
import io.hotpath.events.v1.ConfigChanged;
import io.hotpath.events.v1.FraudLabelled;
import io.hotpath.events.v1.PaymentDecided;
import io.hotpath.events.v1.QuoteEvent;
import io.hotpath.export.ExportEvent;
import io.hotpath.export.ExportSettings;
import io.hotpath.export.Exporter;
import io.hotpath.export.Position;
import io.hotpath.export.Sink;
import io.hotpath.export.Topic;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import io.hotpath.journal.Bound;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.server.ExampleConfigs;
import io.hotpath.server.PaymentsGrpcTest;
import io.hotpath.server.PricingGrpcTest;
import io.hotpath.server.TestEngine;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter over a real journal written by a real engine, into a sink that keeps what it is given: which results
 * become which events, retries answered from the idempotency cache passed over, resuming after a stored position, a
 * backfill of a range, an entry whose checksum fails counted and passed over, and config errors named.
 */
@Timeout(120)
class ExporterJournalTest
{
    private static final long TENANT = 9;

    @TempDir
    Path dir;

    @Test
    void shouldTurnEachResultIntoItsEventOnceAndPassOverRetries() throws Exception
    {
        final Path journal = dir.resolve("journal");
        traffic(journal, 1, 40);
        final KeepingSink sink = new KeepingSink();
        drain(sink, journal);

        final Map<Topic, List<ExportEvent>> byTopic = sink.byTopic();
        assertThat(byTopic.get(Topic.CONFIG_CHANGES)).hasSize(3)
            .allSatisfy(event -> assertThat(((ConfigChanged)event.message()).getConfigHash()).isNotZero());
        // 40 payments and one retry of the first, answered from the cache: published once.
        assertThat(byTopic.get(Topic.PAYMENTS)).hasSize(40);
        final PaymentDecided first = (PaymentDecided)byTopic.get(Topic.PAYMENTS).get(0).message();
        assertThat(first.getPaymentId()).isEqualTo(1);
        assertThat(first.getBin()).isEqualTo("457173");
        assertThat(first.getLast4()).isEqualTo("4242");
        assertThat(first.getCurrency()).isEqualTo("EUR");
        assertThat(first.getAmount()).isEqualTo(4_999);
        assertThat(first.getHeader().getTenantId()).isEqualTo(TENANT);
        assertThat(first.getHeader().getCode()).isEqualTo("OK");
        assertThat(first.getProcessorsList()).isNotEmpty().hasSameSizeAs(first.getProcessorKeysList());
        assertThat(byTopic.get(Topic.PAYMENTS).get(0).key()).isEqualTo(TENANT + ":1");
        assertThat(byTopic.get(Topic.ROUTING_OUTCOMES)).hasSize(40).allSatisfy(event ->
        {
            final AttemptReported attempt = (AttemptReported)event.message();
            assertThat(attempt.getNextAction()).isIn("DONE", "RETRY", "STOP", "EXHAUSTED");
            assertThat(attempt.getProcessorKey()).isNotZero();
        });
        assertThat(byTopic.get(Topic.FRAUD_LABELS)).hasSize(4)
            .allSatisfy(event -> assertThat(((FraudLabelled)event.message()).getLabel()).isEqualTo("CHARGEBACK"));
        assertThat(byTopic.get(Topic.QUOTES)).hasSize(2).extracting(event -> ((QuoteEvent)event.message()).getStatus())
            .containsExactly("QUOTED", "HONOURED");
        final List<Long> sequences = sink.events.stream().map(ExportEvent::engineSequence).toList();
        assertThat(sequences).as("in journal order, each once").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldResumeAfterTheStoredPositionAndBackfillARangeWithoutMovingIt() throws Exception
    {
        final Path journal = dir.resolve("journal");
        traffic(journal, 1, 10);
        final KeepingSink sink = new KeepingSink();
        drain(sink, journal);
        final int first = sink.events.size();
        final Position stored = sink.position(0);
        traffic(journal, 100, 10);
        drain(sink, journal);
        assertThat(sink.events.subList(first, sink.events.size())).as("only what came after").isNotEmpty()
            .allSatisfy(event -> assertThat(event.engineSequence()).isGreaterThan(stored.engineSequence()));
        assertThat(sink.events).extracting(ExportEvent::engineSequence).doesNotHaveDuplicates();

        final KeepingSink backfill = new KeepingSink();
        final Position before = sink.position(0);
        try (Exporter exporter = new Exporter(backfill, journal, new int[] {0}, settings()))
        {
            assertThat(exporter.backfill(0, Bound.parse("5"), Bound.parse("12"))).isEqualTo(backfill.events.size());
        }
        assertThat(backfill.events).isNotEmpty()
            .allSatisfy(event -> assertThat(event.engineSequence()).isBetween(5L, 12L));
        assertThat(backfill.positions).as("a backfill stores no position").isEmpty();
        assertThat(sink.position(0)).isEqualTo(before);
    }

    @Test
    void shouldPassOverAResultWhoseChecksumFailsAndCountIt() throws Exception
    {
        final Path journal = dir.resolve("journal");
        traffic(journal, 1, 10);
        final Path results = JournalDescriptor.resultsDir(journal.resolve("shard-0"));
        final long entry = CrashRecoveryTest.lastEntryStart(results);
        final Path file;
        try (Stream<Path> files = Files.list(results))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (RandomAccessFile corrupt = new RandomAccessFile(file.toFile(), "rw"))
        {
            corrupt.seek(entry + 24);
            final int b = corrupt.read();
            corrupt.seek(entry + 24);
            corrupt.write(b ^ 0x5A);
        }
        final KeepingSink sink = new KeepingSink();
        try (Exporter exporter = new Exporter(sink, journal, new int[] {0}, settings()))
        {
            exporter.drain(Duration.ofSeconds(5));
            assertThat(exporter.stats().poison(0)).isEqualTo(1);
        }
        assertThat(sink.byTopic().get(Topic.PAYMENTS)).hasSize(10);
        assertThat(sink.byTopic().get(Topic.QUOTES)).as("the last result, the quote's validation, was the one spoilt")
            .extracting(event -> ((QuoteEvent)event.message()).getStatus()).containsExactly("QUOTED");
    }

    @Test
    void shouldRefuseAConfigThatIsWrongNamingTheSetting()
    {
        assertThatThrownBy(() -> ExportSettings.from(ConfigFactory.parseString(
            "hotpath.export.kafka { enabled = true, compression = brotli }").withFallback(ConfigFactory.load())))
            .hasMessageContaining("hotpath.export.kafka.compression");
        assertThatThrownBy(() -> ExportSettings.from(ConfigFactory.parseString("hotpath.export.enabled = true")
            .withFallback(ConfigFactory.load()))).hasMessageContaining("hotpath.export.enabled");
        assertThatThrownBy(() -> ExportSettings.from(ConfigFactory.parseString(
            "hotpath.export.postgres { enabled = true, url = \"postgres://x\" }").withFallback(ConfigFactory.load())))
            .hasMessageContaining("hotpath.export.postgres.url");
        assertThatThrownBy(() -> ExportSettings.from(ConfigFactory.parseString("hotpath.export.batch-entries = many")
            .withFallback(ConfigFactory.load()))).hasMessageContaining("batch-entries");
    }

    private static ExportSettings settings()
    {
        return ExportSettings.from(ConfigFactory.parseString("hotpath.export.batch-entries = 7").withFallback(ConfigFactory.load()));
    }

    private static void drain(final Sink sink, final Path journal)
    {
        try (Exporter exporter = new Exporter(new Unclosed(sink), journal, new int[] {0}, settings()))
        {
            exporter.drain(Duration.ofSeconds(5));
        }
    }

    /**
     * Configs for the tenant (the first time), then {@code count} payments from {@code firstPayment}, each with its
     * outcome, a chargeback every 10th, a retry of the first with its idempotency key, and a quote validated.
     */
    private static void traffic(final Path journal, final long firstPayment, final int count) throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            if (firstPayment == 1)
            {
                ExampleConfigs.apply(ControlGrpc.newBlockingStub(engine.channel), TENANT, true);
            }
            final PaymentsGrpc.PaymentsBlockingStub payments = PaymentsGrpc.newBlockingStub(engine.channel);
            final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
            for (long id = firstPayment; id < firstPayment + count; id++)
            {
                final Metadata key = new Metadata();
                key.put(FrontInterceptor.IDEMPOTENCY_KEY, "pay-" + id);
                final PaymentDecision decision = payments.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key))
                    .decidePayment(PaymentsGrpcTest.payment(id, "00000000000000a" + id % 10).setTenantId(TENANT).build());
                if (id == firstPayment)
                {
                    // A lost reply retried: answered from the cache.
                    payments.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key))
                        .decidePayment(PaymentsGrpcTest.payment(id, "00000000000000a" + id % 10).setTenantId(TENANT).build());
                }
                if (decision.getRouting().getCandidatesCount() > 0)
                {
                    routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(id)
                        .setProcessor(decision.getRouting().getCandidates(0).getProcessor())
                        .setOutcome(PaymentOutcome.PAYMENT_OUTCOME_APPROVED).setResponseCode("00").setLatencyMicros(1_000).build());
                }
                if (id % 10 == 0)
                {
                    payments.reportFraudLabel(FraudLabelRequest.newBuilder().setTenantId(TENANT).setPaymentId(id)
                        .setLabel(FraudLabel.FRAUD_LABEL_CHARGEBACK).build());
                }
            }
            if (firstPayment == 1)
            {
                final PricingGrpc.PricingBlockingStub pricing = PricingGrpc.newBlockingStub(engine.channel);
                final QuoteReply quote = pricing.quote(PricingGrpcTest.quote("MILK-1L", 2, "EUR").setTenantId(TENANT).build());
                pricing.validateQuote(ValidateQuoteRequest.newBuilder().setTenantId(TENANT).setQuoteId(quote.getQuoteId())
                    .setSku("MILK-1L").setQuantity(2).setCurrency("EUR").setConsume(true).build());
            }
        }
    }

    /**
     * Keeps each batch and each position it is given, as a sink's transaction would: the events and the position together.
     */
    private static final class KeepingSink implements Sink
    {
        final List<ExportEvent> events = new ArrayList<>();
        final Map<Integer, Position> positions = new HashMap<>();

        @Override
        public String name()
        {
            return "keeping";
        }

        @Override
        public Position position(final int shard)
        {
            return positions.getOrDefault(shard, Position.START);
        }

        @Override
        public void publish(final int shard, final List<ExportEvent> batch, final Position upTo)
        {
            events.addAll(batch);
            if (upTo != null)
            {
                positions.put(shard, upTo);
            }
        }

        Map<Topic, List<ExportEvent>> byTopic()
        {
            final Map<Topic, List<ExportEvent>> byTopic = new HashMap<>();
            for (final Topic topic : Topic.values())
            {
                byTopic.put(topic, new ArrayList<>());
            }
            events.forEach(event -> byTopic.get(event.topic()).add(event));
            return byTopic;
        }

        @Override
        public void close()
        {
        }
    }

    /**
     * Lets one sink outlive the exporters that use it in turn.
     */
    private record Unclosed(Sink sink) implements Sink
    {
        @Override
        public String name()
        {
            return sink.name();
        }

        @Override
        public Position position(final int shard)
        {
            return sink.position(shard);
        }

        @Override
        public void publish(final int shard, final List<ExportEvent> events, final Position upTo)
        {
            sink.publish(shard, events, upTo);
        }

        @Override
        public void close()
        {
        }
    }
}
