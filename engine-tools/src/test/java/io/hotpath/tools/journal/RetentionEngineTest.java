package io.hotpath.tools.journal;

import static io.hotpath.tools.ToolCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.ShardRecovery;
import io.hotpath.server.EngineCommandLine.Run;
import io.hotpath.server.SampleTraffic;
import io.hotpath.server.ShardLogicFactory;
import io.hotpath.server.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine whose journal rolls every second and deletes what its oldest snapshot covers, keeping
 * one cycle besides the newest: under traffic, old cycles go; a restart still recovers from a
 * snapshot and the journal after it; the journal that is left replays identically, from that
 * snapshot, through the journal tools too.
 */
@Timeout(120)
class RetentionEngineTest
{
    private static final Map<String, Object> ROLLING = Map.of(
        "hotpath.shards", 1,
        "hotpath.journal.roll-cycle", "TEST_SECONDLY",
        "hotpath.journal.snapshot-interval", "700ms",
        "hotpath.journal.retention.mode", "delete",
        "hotpath.journal.retention.keep-cycles", 1,
        "hotpath.journal.retention.interval", "300ms");

    @TempDir
    Path journal;

    @Test
    void shouldDeleteCoveredCyclesUnderLoadAndStillRecoverAndReplay() throws Exception
    {
        final Path shardDir = JournalDescriptor.shardDir(journal, 0);
        final long lastBefore;
        try (TestEngine engine = TestEngine.start(journal, ROLLING))
        {
            SampleTraffic.configure(engine);
            int sent = 0;
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (firstSequence(shardDir) == 1 && System.nanoTime() < deadline)
            {
                SampleTraffic.send(engine, sent, sent + 20);
                sent += 20;
            }
            assertThat(firstSequence(shardDir)).as("cycles removed while the engine ran").isGreaterThan(1);
            SampleTraffic.send(engine, sent, sent + 20);
        }
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            lastBefore = reader.lastSequence();
        }

        try (TestEngine engine = TestEngine.start(journal, ROLLING))
        {
            final ShardRecovery.Summary recovery = engine.engine.recovery(0);
            assertThat(recovery.snapshot()).isNotNull();
            assertThat(recovery.engineSequence()).isEqualTo(lastBefore);
            SampleTraffic.send(engine, 10_000, 10_040);
        }

        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final JournalReplayer.Start start = JournalReplayer.start(shardDir, reader, JournalReplayer.Range.ALL,
                () -> ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS));
            assertThat(start.snapshot()).isNotNull();
            assertThat(start.engineSequence()).isGreaterThanOrEqualTo(reader.firstSequence() - 1);
            final JournalReplayer.Report report = JournalReplayer.verify(reader, start, JournalReplayer.Range.ALL, 3,
                JournalReplayer.Progress.NONE);
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.compared()).isPositive();
        }
        final Run verify = run("replay", "verify", "--journal", journal.toString(), "--no-progress",
            "--engine-config", writeConfig("hotpath.max-tenants-per-shard = 64").toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("from snapshot").contains("every result identical");
    }

    private Path writeConfig(final String text) throws Exception
    {
        final Path file = journal.resolve("engine.conf");
        Files.writeString(file, text);
        return file;
    }

    private static long firstSequence(final Path shardDir)
    {
        if (!Files.exists(JournalDescriptor.ledgerFile(shardDir)))
        {
            return 1;
        }
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            return reader.firstSequence();
        }
    }
}
