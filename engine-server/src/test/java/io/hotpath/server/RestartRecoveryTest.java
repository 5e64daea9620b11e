package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.QuoteStatus;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.ShardRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted engine picks up where it stopped: it loads the newest valid snapshot, replays the
 * journal after it, numbers new commands after the last one, and honours what it promised before
 * (a quote given before the restart). A corrupt snapshot gives way to the one before. The whole
 * journal, replayed from the start, reproduces every result of both runs, including the state
 * hashes of the snapshots taken after the restart.
 */
@Timeout(120)
class RestartRecoveryTest
{
    private static final long TENANT = SampleTraffic.TENANT;

    @TempDir
    Path journal;

    @Test
    void shouldRecoverFromTheNewestSnapshotAndTheJournalAfterIt() throws Exception
    {
        final QuoteReply promised;
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 200);
            snapshot(engine, 1);
            SampleTraffic.send(engine, 200, 400);
            promised = PricingGrpc.newBlockingStub(engine.channel).quote(PricingGrpcTest.quote("BOOK-NOVEL", 2, "EUR")
                .setTenantId(TENANT).build());
        }

        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.snapshot()).as("the snapshot taken").isNotNull();
            assertThat(recovery.replayed()).as("the journal after it").isGreaterThan(400);
            assertThat(recovery.engineSequence()).isEqualTo(recovery.snapshotSequence() + recovery.replayed());

            assertThat(PricingGrpc.newBlockingStub(engine.channel).validateQuote(ValidateQuoteRequest.newBuilder()
                .setTenantId(TENANT).setQuoteId(promised.getQuoteId()).setSku("BOOK-NOVEL").setQuantity(2).setCurrency("EUR")
                .setConsume(true).build()).getStatus()).as("a quote given before the restart").isEqualTo(QuoteStatus.QUOTE_STATUS_HONOURED);
            SampleTraffic.send(engine, 400, 500);
            snapshot(engine, 2);
        }

        assertWholeJournalReplaysIdentically();
    }

    @Test
    void shouldFallBackToTheSnapshotBeforeACorruptOne() throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 150);
            snapshot(engine, 1);
            SampleTraffic.send(engine, 150, 300);
            snapshot(engine, 2);
            SampleTraffic.send(engine, 300, 350);
        }
        final List<Path> snapshots;
        try (Stream<Path> files = Files.list(journal.resolve("shard-0/snapshots")))
        {
            snapshots = files.sorted().toList();
        }
        assertThat(snapshots).hasSize(2);
        corrupt(snapshots.get(1));

        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.snapshot()).isEqualTo(snapshots.get(0));
            SampleTraffic.send(engine, 350, 400);
            snapshot(engine, 3);
        }

        assertWholeJournalReplaysIdentically();
    }

    @Test
    void shouldReplayTheWholeJournalWhenThereIsNoSnapshot() throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 100);
        }
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.snapshot()).isNull();
            assertThat(recovery.snapshotSequence()).isZero();
            assertThat(recovery.replayed()).isEqualTo(recovery.engineSequence()).isGreaterThan(200);
            SampleTraffic.send(engine, 100, 150);
            snapshot(engine, 1);
        }

        assertWholeJournalReplaysIdentically();
    }

    @Test
    void shouldRebuildFromTheWholeJournalWhenTheVelocityStoreWasResized() throws Exception
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            SampleTraffic.configure(engine);
            SampleTraffic.send(engine, 0, 100);
            snapshot(engine, 1);
        }
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.fraud.limits.velocity-keys", 8)))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.snapshot()).as("a snapshot of a store of another size is not restored").isNull();
            assertThat(recovery.replayed()).isEqualTo(recovery.engineSequence()).isGreaterThan(200);
            SampleTraffic.send(engine, 100, 120);
        }
    }

    private void assertWholeJournalReplaysIdentically()
    {
        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.unanswered()).isZero();
            assertThat(report.matched()).isEqualTo(report.commands());
        }
    }

    private static void corrupt(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
    }

    private static void snapshot(final TestEngine engine, final long id)
    {
        ControlGrpc.newBlockingStub(engine.channel)
            .takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(id).build());
    }
}
