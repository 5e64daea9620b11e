package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.events.v1.PaymentDecided;
import io.hotpath.export.PlatformEvents;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelReply;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.server.DeployedQueries;
import io.hotpath.server.EngineCommandLine;
import io.hotpath.server.ExampleConfigs;
import io.hotpath.server.PaymentsGrpcTest;
import io.hotpath.server.PciScanTest;
import io.hotpath.server.PricingGrpcTest;
import io.hotpath.server.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter against a real Kafka broker (KRaft, in a JVM of its own) and a real PostgreSQL server: every decision
 * the journal holds is in Kafka exactly once and in PostgreSQL exactly once, through a SIGKILL of the engine while it
 * exports, a SIGKILL of a standalone exporter, and the broker frozen (SIGSTOP) and the database stopped for 30 s under load;
 * and no card number reaches a topic or a table.
 */
@Timeout(900)
class ExportTest
{
    private static final long TENANT = 7;
    /** Payment decisions a second while the sinks go down and come back. */
    private static final int RATE = 1_000;
    private static final Map<String, String> TOPIC_OF_RESULT = Map.of(
        "PaymentDecision", "payments", "RouteDecision", "payments", "OutcomeRecorded", "routing-outcomes",
        "FraudLabelRecorded", "fraud-labels", "PriceQuote", "quotes", "QuoteValidated", "quotes",
        "MarketDataApplied", "market-data", "ConfigApplied", "config-changes");
    private static final Map<String, String> TOPIC_OF_COMMAND = Map.of(
        "DecidePayment", "payments", "Route", "payments", "ReportOutcome", "routing-outcomes",
        "ReportFraudLabel", "fraud-labels", "Quote", "quotes", "ValidateQuote", "quotes",
        "PublishMarketData", "market-data", "ApplyConfig", "config-changes");
    private static final Pattern COMMAND_LINE =
        Pattern.compile("\"shard\":(\\d+),\"entry\":\"command\",\"sequence\":\"(\\d+)\".*?\"type\":\"(\\w+)\"");
    private static final Pattern RESULT_LINE =
        Pattern.compile("\"shard\":(\\d+),\"entry\":\"result\",\"sequence\":\"(\\d+)\".*?\"type\":\"(\\w+)\"");

    private static KafkaBroker broker;
    private static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSinks(@TempDir final Path sinks) throws Exception
    {
        broker = KafkaBroker.start(sinks.resolve("kafka"));
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopSinks() throws Exception
    {
        if (broker != null)
        {
            broker.close();
        }
        if (postgres != null)
        {
            postgres.close();
        }
    }

    @Test
    void shouldPublishEveryDecisionExactlyOnceThroughAKilledEngineAndAKilledExporter() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path exporting = config("kill", true);
        final Path quiet = config("kill", false);

        // The engine exports as it decides, and is killed mid-load: its exporter dies with it.
        ChildEngine engine = ChildEngine.serve("--config", exporting.toString(), "--journal", journal.toString(), "--port", "0",
            "--admin-port", "-1", "--shards", "2");
        ManagedChannel channel = channel(engine.port());
        ExampleConfigs.apply(ControlGrpc.newBlockingStub(channel), TENANT, true);
        load(channel, 1, 1_500);
        waitFor(() -> count("kill", "payment_decisions") > 100, "the engine's exporter publishes");
        engine.signal("KILL");
        engine.exitStatus();
        channel.shutdownNow();

        // Restarted without its exporter, so a backlog builds.
        engine = ChildEngine.serve("--config", quiet.toString(), "--journal", journal.toString(), "--port", "0", "--admin-port", "-1",
            "--shards", "2");
        channel = channel(engine.port());
        load(channel, 100_000, 3_000);
        engine.signal("TERM");
        assertThat(engine.exitStatus()).isZero();
        channel.shutdownNow();

        // A standalone exporter over the backlog, killed once it has published part of it.
        final ChildEngine exporter = ChildEngine.run("export", "--follow", "--journal", journal.toString(), "--engine-config",
            exporting.toString());
        final long before = count("kill", "payment_decisions");
        waitFor(() -> count("kill", "payment_decisions") > before + 50, "the standalone exporter publishes");
        exporter.signal("KILL");
        exporter.exitStatus();

        // The rest, by the export command until caught up.
        final EngineCommandLine.Run drained = EngineCommandLine.run(new EngineMain(), "export", "--journal", journal.toString(),
            "--engine-config", exporting.toString());
        assertThat(drained.exit()).as(drained.out() + drained.err()).isZero();
        assertThat(drained.out()).contains("kafka:", "postgres:");

        final Map<String, List<String>> expected = expectedFromDump(journal);
        assertThat(expected.get("payments")).hasSizeGreaterThan(3_000);
        assertThat(expected.get("routing-outcomes")).isNotEmpty();
        assertThat(expected.get("fraud-labels")).isNotEmpty();
        assertThat(expected.get("quotes")).isNotEmpty();
        final Map<String, List<String>> published = fromKafka("kill");
        for (final Map.Entry<String, List<String>> topic : expected.entrySet())
        {
            assertThat(published.getOrDefault(topic.getKey(), List.of())).as("topic %s: each once", topic.getKey())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(topic.getValue());
        }
        assertThat(rows("kill", "payment_decisions")).as("payment_decisions: each once").doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.get("payments"));
        assertThat(rows("kill", "payment_attempts")).as("payment_attempts: each once").doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.get("routing-outcomes"));
        assertNoCardNumberPublished("kill");

        // A backfill of engine sequences 10 to 60 of each shard: Kafka gets those events again, PostgreSQL keeps its rows.
        final EngineCommandLine.Run backfill = EngineCommandLine.run(new EngineMain(), "export", "--journal", journal.toString(),
            "--engine-config", exporting.toString(), "--from", "10", "--to", "60");
        assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
        assertThat(backfill.out()).contains("published again (positions unchanged)");
        final long inRange = expected.get("payments").stream().mapToLong(key -> Long.parseLong(key.substring(key.indexOf(':') + 1)))
            .filter(sequence -> sequence >= 10 && sequence <= 60).count();
        assertThat(inRange).isPositive();
        assertThat(fromKafka("kill").get("payments")).hasSize(expected.get("payments").size() + (int)inRange);
        assertThat(rows("kill", "payment_decisions")).as("a backfill changes no row").hasSameSizeAs(expected.get("payments"));
        System.out.println("export throughput (engine export, after the kills): " + drained.out().trim().replace('\n', ' '));
    }

    @Test
    void shouldKeepDecidingWhileTheBrokerAndTheDatabaseAreDownAndCatchUpAfter() throws Exception
    {
        final Path journal = dir.resolve("journal");
        String commitLag = "";
        final Map<String, Object> settings = new HashMap<>(Map.of("hotpath.shards", 2, "hotpath.admin.port", 0));
        settings.putAll(sinkSettings("outage", true));
        try (TestEngine engine = TestEngine.start(journal, settings))
        {
            ExampleConfigs.apply(ControlGrpc.newBlockingStub(engine.channel), TENANT, true);
            final Paced paced = new Paced(engine.channel, RATE);
            paced.start();
            try
            {
                Thread.sleep(10_000);
                final double up = paced.ratePerSecond(Duration.ofSeconds(15));
                broker.freeze();
                postgres.stop();
                final double down = paced.ratePerSecond(Duration.ofSeconds(30));
                assertThat(engine.engine.exporters().failing()).as("both sinks reported failing after 30 s")
                    .contains("kafka", "postgres");
                assertThat(lagEntries(engine)).as("the lag grows while the sinks are down").isPositive();
                final HttpClient http = HttpClient.newHttpClient();
                final String admin = "http://127.0.0.1:" + engine.engine.adminPort();
                final HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(admin + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as("an engine that cannot export still decides: ready").isEqualTo(200);
                assertThat(ready.body()).contains("export sink kafka failing for", "export sink postgres failing for");
                final String metrics = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern("hotpath_export_lag_entries\\{shard=\"1\",sink=\"kafka\"} [1-9]")
                    .containsPattern("hotpath_export_failures_total\\{sink=\"postgres\"} [1-9]")
                    .containsPattern("hotpath_export_failing_seconds\\{sink=\"kafka\"} [1-9]")
                    .containsPattern("hotpath_export_events_total\\{shard=\"1\",sink=\"postgres\",topic=\"payments\"} [1-9]");
                assertThat(DeployedQueries.assertServed(metrics, name -> name.startsWith("hotpath_export_")))
                    .as("the export metrics the alerts and the dashboard read").contains("hotpath_export_lag_seconds",
                        "hotpath_export_failing_seconds");
                broker.thaw();
                postgres.startAgain();
                final double after = paced.ratePerSecond(Duration.ofSeconds(5));
                System.out.printf("export outage: decisions a second %.0f with the sinks up, %.0f with both down for 30 s, %.0f after%n",
                    up, down, after);
                // Against what was asked as well: answers a second can read above the rate while a backlog from the start
                // (the JIT compiling) drains.
                assertThat(down).as("decisions a second with the sinks down (%.0f up, %.0f after)", up, after)
                    .isGreaterThanOrEqualTo(Math.min(up, RATE) * 0.9);
            }
            finally
            {
                paced.stop();
            }
            waitFor(() -> engine.engine.exporters().failing() == null && lagEntries(engine) == 0 && caughtUp(engine),
                "the exporters catch up");
            final StringBuilder lags = new StringBuilder("command time to commit");
            for (final io.hotpath.export.Exporter exporter : engine.engine.exporters().exporters())
            {
                final org.HdrHistogram.Histogram lag = exporter.stats().commitLagMicros();
                lags.append(String.format(", %s p50 %.1f ms p99 %.1f ms (outage included)", exporter.sinkName(),
                    lag.getValueAtPercentile(50) / 1e3, lag.getValueAtPercentile(99) / 1e3));
            }
            commitLag = lags.toString();
        }
        final Map<String, List<String>> expected = expectedFromDump(journal);
        final Map<String, List<String>> published = fromKafka("outage");
        System.out.printf("export outage: %s%n", commitLag);
        assertThat(published.get("payments")).as("payments: each once").doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.get("payments"));
        assertThat(rows("outage", "payment_decisions")).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.get("payments"));
    }

    private static long lagEntries(final TestEngine engine)
    {
        long lag = 0;
        for (final io.hotpath.export.Exporter exporter : engine.engine.exporters().exporters())
        {
            for (int i = 0; i < exporter.stats().shards().length; i++)
            {
                lag += exporter.stats().lagEntries(i);
            }
        }
        return lag;
    }

    private static boolean caughtUp(final TestEngine engine)
    {
        final long now = System.currentTimeMillis() * 1_000_000L;
        for (final io.hotpath.export.Exporter exporter : engine.engine.exporters().exporters())
        {
            for (int i = 0; i < exporter.stats().shards().length; i++)
            {
                if (exporter.stats().lagSeconds(i, now) > 0)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return the export settings of one test: its own topics, transactional ids and positions.
     */
    private Map<String, Object> sinkSettings(final String name, final boolean enabled)
    {
        final Map<String, Object> settings = new TreeMap<>();
        settings.put("hotpath.export.enabled", enabled);
        settings.put("hotpath.export.failing-after", "5s");
        settings.put("hotpath.export.max-backoff", "1s");
        settings.put("hotpath.export.kafka.enabled", true);
        settings.put("hotpath.export.kafka.bootstrap-servers", broker.bootstrapServers());
        settings.put("hotpath.export.kafka.transactional-id-prefix", "export-" + name);
        settings.put("hotpath.export.kafka.positions-topic", name + ".positions");
        settings.put("hotpath.export.kafka.partitions", 2);
        settings.put("hotpath.export.kafka.request-timeout", "3s");
        for (final String topic : TOPIC_OF_COMMAND.values())
        {
            settings.put("hotpath.export.kafka.topics." + topic, name + "." + topic);
        }
        settings.put("hotpath.export.postgres.enabled", true);
        settings.put("hotpath.export.postgres.url", postgres.url("hotpath"));
        settings.put("hotpath.export.postgres.user", "hotpath");
        settings.put("hotpath.export.postgres.engine-id", name);
        settings.put("hotpath.export.postgres.connect-timeout", "2s");
        return settings;
    }

    private Path config(final String name, final boolean enabled) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        sinkSettings(name, enabled).forEach((key, value) -> text.append(key).append(" = \"").append(value).append("\"\n"));
        final Path file = dir.resolve(name + (enabled ? "-exporting" : "-quiet") + ".conf");
        Files.writeString(file, text);
        return file;
    }

    private static ManagedChannel channel(final int port)
    {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /**
     * Payments decided, each followed by its first attempt's outcome, a fraud label every 20th, a quote every 5th: 32 in
     * flight, until {@code count} payments are answered.
     */
    private static void load(final ManagedChannel channel, final long firstPayment, final int count) throws InterruptedException
    {
        final PaymentsGrpc.PaymentsStub payments = PaymentsGrpc.newStub(channel);
        final RoutingGrpc.RoutingStub routing = RoutingGrpc.newStub(channel);
        final PricingGrpc.PricingStub pricing = PricingGrpc.newStub(channel);
        final Semaphore window = new Semaphore(32);
        final AtomicLong answered = new AtomicLong();
        for (long id = firstPayment; answered.get() < count; id++)
        {
            window.acquire();
            final long paymentId = id;
            payments.decidePayment(PaymentsGrpcTest.payment(paymentId, String.format("%016x", 0xBEEFL + paymentId % 97))
                .setTenantId(TENANT).build(), new Reply<>(window, decision ->
                {
                    answered.incrementAndGet();
                    if (decision.getRouting().getCandidatesCount() > 0)
                    {
                        routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(paymentId)
                            .setProcessor(decision.getRouting().getCandidates(0).getProcessor())
                            .setOutcome(paymentId % 7 == 0 ? PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE
                                : PaymentOutcome.PAYMENT_OUTCOME_APPROVED)
                            .setResponseCode(paymentId % 7 == 0 ? "05" : "00").setLatencyMicros(80_000).build(),
                            new Reply<OutcomeReply>(null, ignored -> { }));
                    }
                    if (paymentId % 20 == 0)
                    {
                        payments.reportFraudLabel(FraudLabelRequest.newBuilder().setTenantId(TENANT).setPaymentId(paymentId)
                            .setLabel(FraudLabel.FRAUD_LABEL_LEGITIMATE).build(), new Reply<FraudLabelReply>(null, ignored -> { }));
                    }
                }));
            if (id % 5 == 0)
            {
                pricing.quote(PricingGrpcTest.quote("MILK-1L", 1 + id % 4, "EUR").setTenantId(TENANT).build(),
                    new Reply<QuoteReply>(null, ignored -> { }));
            }
        }
        window.acquire(32);
        window.release(32);
    }

    private record Reply<T>(Semaphore window, java.util.function.Consumer<T> then) implements StreamObserver<T>
    {
        @Override
        public void onNext(final T reply)
        {
            then.accept(reply);
        }

        @Override
        public void onError(final Throwable failure)
        {
            if (window != null)
            {
                window.release();
            }
        }

        @Override
        public void onCompleted()
        {
            if (window != null)
            {
                window.release();
            }
        }
    }

    /**
     * Payment decisions at a steady rate, open loop, counting the answers.
     */
    private static final class Paced
    {
        private final PaymentsGrpc.PaymentsStub payments;
        private final int perSecond;
        private final AtomicLong answered = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Paced(final ManagedChannel channel, final int perSecond)
        {
            this.payments = PaymentsGrpc.newStub(channel);
            this.perSecond = perSecond;
            this.thread = new Thread(this::run, "paced-load");
        }

        void start()
        {
            thread.start();
        }

        private void run()
        {
            final long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long next = System.nanoTime();
            for (long id = 1_000_000; running; id++)
            {
                next += interval;
                final long wait = next - System.nanoTime();
                if (wait > 0)
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                else if (wait < -TimeUnit.MILLISECONDS.toNanos(20))
                {
                    // Behind (a pause of this JVM): carry on at the rate rather than burst to catch up, which would count
                    // the client's pause as a slower or faster engine.
                    next = System.nanoTime();
                }
                payments.decidePayment(PaymentsGrpcTest.payment(id, String.format("%016x", 0xFACEL + id % 89)).setTenantId(TENANT)
                    .build(), new Reply<PaymentDecision>(null, ignored -> answered.incrementAndGet()));
            }
        }

        /**
         * @return answers a second over the next {@code window}.
         */
        double ratePerSecond(final Duration window) throws InterruptedException
        {
            final long before = answered.get();
            Thread.sleep(window.toMillis());
            return (answered.get() - before) * 1_000.0 / window.toMillis();
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(10_000);
            // What is in flight is answered before the test reads the journal.
            Thread.sleep(1_000);
        }
    }

    /**
     * @return "shard:sequence" of every result that should be published, by topic, from {@code engine journal dump}: results
     *         answered from the idempotency cache are not (their first answer is).
     */
    private static Map<String, List<String>> expectedFromDump(final Path journal)
    {
        final EngineCommandLine.Run dump = EngineCommandLine.run(new EngineMain(), "journal", "dump", "--journal", journal.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        final Map<String, String> commandType = new HashMap<>();
        final Map<String, List<String>> expected = new TreeMap<>();
        for (final String topic : TOPIC_OF_COMMAND.values())
        {
            expected.put(topic, new ArrayList<>());
        }
        for (final String line : dump.out().split("\n"))
        {
            final Matcher command = COMMAND_LINE.matcher(line);
            if (command.find())
            {
                commandType.put(command.group(1) + ":" + command.group(2), command.group(3));
                continue;
            }
            final Matcher result = RESULT_LINE.matcher(line);
            if (!result.find() || line.contains("\"answeredFrom\""))
            {
                continue;
            }
            final String key = result.group(1) + ":" + result.group(2);
            final String topic = "CommandFailed".equals(result.group(3)) ? TOPIC_OF_COMMAND.get(commandType.get(key))
                : TOPIC_OF_RESULT.get(result.group(3));
            if (topic != null)
            {
                expected.get(topic).add(key);
            }
        }
        return expected;
    }

    /**
     * @return "shard:sequence" of every committed record, by topic (its name without the test's prefix).
     */
    private static Map<String, List<String>> fromKafka(final String name)
    {
        final Map<String, List<String>> published = new TreeMap<>();
        forEachRecord(name, (topic, record) ->
        {
            final com.google.protobuf.Message event = PlatformEvents.parse(record);
            final io.hotpath.events.v1.EventHeader header = (io.hotpath.events.v1.EventHeader)event.getField(
                event.getDescriptorForType().findFieldByName("header"));
            final String key = header(record, "hotpath.shard") + ":" + header(record, "hotpath.sequence");
            assertThat(header.getShard() + ":" + header.getEngineSequence()).as("the event's header").isEqualTo(key);
            if (event instanceof PaymentDecided decided && "OK".equals(header.getCode()))
            {
                assertThat(decided.getAction()).isNotEmpty();
                assertThat(decided.getBin()).hasSize(6);
                assertThat(decided.getLast4()).isEqualTo("4242");
                assertThat(decided.getCurrency()).isEqualTo("EUR");
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(TENANT + ":" + decided.getPaymentId());
            }
            published.computeIfAbsent(topic, any -> new ArrayList<>()).add(key);
        });
        return published;
    }

    private static void forEachRecord(final String name, final java.util.function.BiConsumer<String, ConsumerRecord<byte[], byte[]>> action)
    {
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : Set.copyOf(TOPIC_OF_COMMAND.values()))
            {
                consumer.partitionsFor(name + "." + topic)
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue()))
            {
                assertThat(System.nanoTime()).as("read every topic to its end").isLessThan(deadline);
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)))
                {
                    action.accept(record.topic().substring(name.length() + 1), record);
                }
            }
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String key)
    {
        final Header header = record.headers().lastHeader(key);
        return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void assertNoCardNumberPublished(final String name) throws Exception
    {
        forEachRecord(name, (topic, record) ->
        {
            PciScanTest.assertNoCardNumber(record.key(), "a key on " + record.topic());
            PciScanTest.assertNoCardNumber(record.value(), "a value on " + record.topic() + " at " + record.offset());
            record.headers().forEach(header -> PciScanTest.assertNoCardNumber(header.value(), "a header on " + record.topic()));
        });
        try (Connection connection = DriverManager.getConnection(postgres.url("hotpath"), "hotpath", "");
            Statement statement = connection.createStatement())
        {
            for (final String table : List.of("payment_decisions", "payment_attempts", "export_positions"))
            {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE engine_id = '" + name + "'"))
                {
                    final ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next())
                    {
                        // Text as stored. Numbers are stored as numbers: a 64-bit key (a processor's, a response code's) is a
                        // hash, and one in ten of those written in decimal passes Luhn without being a card number.
                        final StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns.getColumnCount(); column++)
                        {
                            final String type = columns.getColumnTypeName(column);
                            if (type.equals("text") || type.equals("_text"))
                            {
                                row.append(rows.getString(column)).append('|');
                            }
                        }
                        PciScanTest.assertNoCardNumber(row.toString().getBytes(StandardCharsets.UTF_8), "a row of " + table);
                    }
                }
            }
        }
    }

    private static long count(final String consumer, final String table)
    {
        try (Connection connection = DriverManager.getConnection(postgres.url("hotpath"), "hotpath", "");
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE engine_id = '" + consumer + "'"))
        {
            rows.next();
            return rows.getLong(1);
        }
        catch (final java.sql.SQLException notYet)
        {
            // The exporter has not created its tables yet.
            return 0;
        }
    }

    private static List<String> rows(final String consumer, final String table) throws Exception
    {
        final List<String> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.url("hotpath"), "hotpath", "");
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT shard, engine_sequence FROM " + table + " WHERE engine_id = '" + consumer
                + "'"))
        {
            while (rows.next())
            {
                keys.add(rows.getInt(1) + ":" + rows.getLong(2));
            }
        }
        return keys;
    }

    private static void waitFor(final java.util.function.BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("waited 120 s for: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
