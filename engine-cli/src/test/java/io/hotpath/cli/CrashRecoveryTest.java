package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketDataReply;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.ResultCursor;
import io.hotpath.journal.ShardRecovery;
import io.hotpath.server.PaymentsGrpcTest;
import io.hotpath.server.PricingGrpcTest;
import io.hotpath.server.RoutingGrpcTest;
import io.hotpath.server.ShardLogicFactory;
import io.hotpath.server.TestEngine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine killed mid-load, and a journal cut inside an entry: a restart keeps every acknowledged
 * command, recovers the state a replay of the journal gives, applies nothing twice, and goes on.
 */
@Timeout(180)
class CrashRecoveryTest
{
    private static final long TENANT = 4;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedCommandAndApplyNothingTwiceAfterSigkill() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final ChildEngine child = startChild(journal);
        final Process engine = child.process;
        try
        {
            final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", child.port()).usePlaintext().build();
            try
            {
                configure(channel);
                load(channel, acknowledged, 2_500);
            }
            finally
            {
                // SIGKILL with calls still in flight: no shutdown hook, no drain, no close.
                engine.destroyForcibly();
                assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
                channel.shutdownNow();
            }
        }
        finally
        {
            engine.destroyForcibly();
        }

        final Path shard = journal.resolve("shard-0");
        final List<Long> journaled = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(shard))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                if (commands.tenantId() == TENANT)
                {
                    journaled.add(commands.correlationId());
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_500);
        assertThat(new HashSet<>(journaled)).as("every acknowledged command is in the journal").containsAll(acknowledged);
        assertThat(journaled).as("each command once").doesNotHaveDuplicates();

        final long recovered;
        try (TestEngine restarted = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ShardRecovery.Summary recovery = restarted.engine.recovery(0);
            recovered = recovery.engineSequence();
            assertThat(recovery.snapshot()).as("a periodic snapshot taken before the kill").isNotNull();
            ControlGrpc.newBlockingStub(restarted.channel).takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0)
                .setSnapshotId(99).build());
        }

        try (JournalReader reader = JournalReader.open(shard))
        {
            assertThat(firstSequenceAfter(reader, recovered)).as("numbering goes on where the journal ended").isEqualTo(recovered + 1);
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            assertThat(report.mismatches()).as("the state recovered is the state replayed, hash included").isEmpty();
            assertThat(report.matched()).isGreaterThan(2_500);
        }
    }

    @Test
    void shouldStartCleanlyAfterTheLastJournalFileIsCutInsideAnEntry() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            configure(engine.channel);
            for (int i = 0; i < 50; i++)
            {
                PricingGrpc.newBlockingStub(engine.channel)
                    .quote(PricingGrpcTest.quote("MILK-1L", 1 + i, "EUR").setTenantId(TENANT).build());
            }
        }
        final Path commands = JournalDescriptor.commandsDir(journal.resolve("shard-0"));
        final long lastEntry = lastEntryStart(commands);
        final Path file;
        try (Stream<Path> files = Files.list(commands))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw"))
        {
            cut.setLength(lastEntry + 20);
        }

        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.replayed()).as("every command but the one cut").isEqualTo(3 + 50 - 1);
            final QuoteReply after = PricingGrpc.newBlockingStub(engine.channel)
                .quote(PricingGrpcTest.quote("MILK-1L", 7, "EUR").setTenantId(TENANT).build());
            assertThat(after.getEngineSequence()).isEqualTo(recovery.engineSequence() + 2);
        }
        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final CommandCursor cursor = reader.commands();
            while (cursor.next())
            {
                assertThat(cursor.length()).isPositive();
            }
            assertThat(cursor.torn()).as("the cut entry is passed over").isEqualTo(1);
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            assertThat(report.mismatches()).isEmpty();
        }
    }

    private static void configure(final ManagedChannel channel) throws IOException
    {
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
            .setVersion(1).setOrigin("routing-example.conf").setConfig(RoutingGrpcTest.example()).build());
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_FRAUD)
            .setVersion(1).setOrigin("fraud-example.conf").setConfig(com.google.protobuf.ByteString.readFrom(
                CrashRecoveryTest.class.getResourceAsStream("/examples/fraud-example.conf"))).build());
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
            .setVersion(1).setOrigin("pricing-example.conf").setConfig(PricingGrpcTest.example()).build());
    }

    /**
     * Payments, quotes and stock levels, 32 in flight, each with its own correlation id, until at
     * least {@code count} are acknowledged; more are in flight when it returns.
     */
    private static void load(final ManagedChannel channel, final Set<Long> acknowledged, final int count) throws InterruptedException
    {
        final PaymentsGrpc.PaymentsStub payments = PaymentsGrpc.newStub(channel);
        final PricingGrpc.PricingStub pricing = PricingGrpc.newStub(channel);
        final Semaphore window = new Semaphore(32);
        long next = 1_000;
        while (acknowledged.size() < count)
        {
            window.acquire();
            final long id = ++next;
            switch ((int)(id % 3))
            {
                case 0 -> payments.decidePayment(PaymentsGrpcTest.payment(id, String.format("%016x", 0xFEEDL + id % 77))
                    .setTenantId(TENANT).setCorrelationId(id).build(), new Ack<PaymentDecision>(id, acknowledged, window));
                case 1 -> pricing.quote(PricingGrpcTest.quote("TV-LED-43", 1 + id % 5, "EUR").setTenantId(TENANT).setCorrelationId(id)
                    .build(), new Ack<QuoteReply>(id, acknowledged, window));
                default -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT).setCorrelationId(id)
                    .addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setSku("TV-LED-43")
                        .setAvailable(id % 90))).build(), new Ack<MarketDataReply>(id, acknowledged, window));
            }
        }
    }

    private record Ack<T>(long id, Set<Long> acknowledged, Semaphore window) implements StreamObserver<T>
    {
        @Override
        public void onNext(final T reply)
        {
            acknowledged.add(id);
        }

        @Override
        public void onError(final Throwable failure)
        {
            window.release();
        }

        @Override
        public void onCompleted()
        {
            window.release();
        }
    }

    /**
     * @return the engine sequence of the first result after {@code recovered}: the restart's first command.
     */
    private static long firstSequenceAfter(final JournalReader reader, final long recovered)
    {
        final ResultCursor results = reader.results();
        final io.hotpath.core.sbe.ResultMetaDecoder meta = new io.hotpath.core.sbe.ResultMetaDecoder();
        long first = Long.MAX_VALUE;
        while (results.next())
        {
            final long sequence = meta.wrap(results.result(), io.hotpath.core.sbe.MessageHeaderDecoder.ENCODED_LENGTH).engineSequence();
            if (sequence > recovered)
            {
                first = Math.min(first, sequence);
            }
        }
        return first;
    }

    static long lastEntryStart(final Path commands)
    {
        long start = -1;
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(commands).build())
        {
            final ExcerptTailer tailer = queue.createTailer();
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        return start;
                    }
                    start = document.wire().bytes().readPosition();
                }
            }
        }
    }

    private ChildEngine startChild(final Path journal) throws IOException
    {
        final Path config = dir.resolve("engine.conf");
        Files.writeString(config, "hotpath { tick-interval = 0s, journal.snapshot-interval = 1s, shutdown-grace = 1s }\n");
        return ChildEngine.serve("--port", "0", "--admin-port", "-1", "--shards", "1", "--journal", journal.toString(),
            "--config", config.toString());
    }
}
