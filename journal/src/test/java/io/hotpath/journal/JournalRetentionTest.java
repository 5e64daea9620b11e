package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roll cycles and retention on a real journal rolling every second of a hand-driven clock: five
 * cycles of 100 pings each, a snapshot at the end of the third.
 *
 * <pre>
 *   cycle      0          1          2                3            4 (newest)
 *   sequence   1..100     101..200   201..300, 301    302..401     402..501
 *                                              ^ TakeSnapshot (engine sequence 301)
 * </pre>
 */
@Timeout(60)
class JournalRetentionTest
{
    private static final int PER_CYCLE = 100;

    @TempDir
    Path root;
    private Path shardDir;
    private long stateHashBefore;
    private long lastSequence;

    @BeforeEach
    void writeFiveCycles() throws Exception
    {
        shardDir = JournalDescriptor.shardDir(root, 0);
        final SetTimeProvider cycleClock = new SetTimeProvider(1_800_000_000_000L * 1_000_000L);
        final Shard shard = ShardFixture.start(shardDir,
            ChronicleJournal.open(shardDir, Durability.MAPPED, TestRollCycles.TEST_SECONDLY, cycleClock));
        final PingCommand ping = new PingCommand();
        for (int cycle = 0; cycle < 5; cycle++)
        {
            final CountDownLatch replies = new CountDownLatch(PER_CYCLE + (cycle == 2 ? 1 : 0));
            for (int i = 0; i < PER_CYCLE; i++)
            {
                publish(shard, ping.set(1 + (i % 3), cycle * PER_CYCLE + i, cycle * 1_000_000_000L + i), replies);
            }
            if (cycle == 2)
            {
                publish(shard, new ControlCommand.TakeSnapshot(1).source(-1, cycle * 1_000_000_000L + PER_CYCLE), replies);
            }
            assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
            cycleClock.advanceMillis(1_000);
        }
        shard.close();
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final JournalReplayer.Report full = JournalReplayer.verify(reader, ShardFixture.freshLogic(root.resolve("replay")), 3);
            assertThat(full.identical()).isTrue();
            stateHashBefore = full.stateHash();
            lastSequence = reader.lastSequence();
        }
        assertThat(lastSequence).isEqualTo(5 * PER_CYCLE + 1);
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(5);
    }

    @Test
    void shouldRemoveNothingWhileTheModeIsKeep()
    {
        final JournalRetention.Report report = JournalRetention.apply(shardDir, JournalRetention.Policy.KEEP_ALL);

        assertThat(report.removedAny()).isFalse();
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(5);
    }

    @Test
    void shouldDeleteTheCyclesTheOldestSnapshotCoversAndKeepEveryCommandsEngineSequence()
    {
        final JournalRetention.Report report =
            JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 0, null));

        // cycle 2 ends with the snapshot, so cycles 0..2 are covered; 3 is not (its commands come after the snapshot)
        assertThat(report.commandCycles()).hasSize(3);
        assertThat(report.snapshotFloor()).isEqualTo(3 * PER_CYCLE + 1);
        assertThat(report.firstSequence()).isEqualTo(3 * PER_CYCLE + 2);
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(2);
        assertThat(cq4Files(JournalDescriptor.resultsDir(shardDir))).hasSizeLessThan(5);

        try (JournalReader reader = JournalReader.open(shardDir))
        {
            assertThat(reader.firstSequence()).isEqualTo(3 * PER_CYCLE + 2);
            assertThat(reader.lastSequence()).isEqualTo(lastSequence);
            final CommandCursor first = reader.commands();
            assertThat(first.next()).isTrue();
            assertThat(first.sequence()).isEqualTo(3 * PER_CYCLE + 2);
            assertThat(first.correlationId()).isEqualTo(3 * PER_CYCLE);

            // A replay starts from the snapshot the journal still has the tail of, and reproduces the rest.
            final JournalReplayer.Start start =
                JournalReplayer.start(shardDir, reader, JournalReplayer.Range.ALL, () -> ShardFixture.freshLogic(root.resolve("r")));
            assertThat(start.engineSequence()).isEqualTo(3 * PER_CYCLE + 1);
            final JournalReplayer.Report report2 =
                JournalReplayer.verify(reader, start, JournalReplayer.Range.ALL, 3, JournalReplayer.Progress.NONE);
            assertThat(report2.identical()).isTrue();
            assertThat(report2.compared()).isEqualTo(2 * PER_CYCLE);
            assertThat(report2.stateHash()).isEqualTo(stateHashBefore);
        }

        // And a restart recovers the same state from snapshot and tail.
        final ShardRecovery.Recovery recovery = ShardRecovery.recover(shardDir, () -> ShardFixture.freshLogic(root.resolve("x")),
            new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir)));
        assertThat(recovery.engineSequence()).isEqualTo(lastSequence);
        assertThat(recovery.logic().stateHash(lastSequence)).isEqualTo(stateHashBefore);
    }

    @Test
    void shouldKeepEveryCycleAFollowerStillLacks()
    {
        // A replicated leader whose slowest follower has engine sequence 150: cycle 0 (1..100) may go, cycle 1 (..200) not,
        // though the snapshot covers both.
        final JournalRetention.Report report =
            JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 0, null), 150);

        assertThat(report.commandCycles()).hasSize(1);
        assertThat(report.firstSequence()).isEqualTo(PER_CYCLE + 1);
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(4);
    }

    @Test
    void shouldKeepTheCyclesAskedForAndNothingWithoutASnapshot() throws IOException
    {
        assertThat(JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 3, null))
            .commandCycles()).hasSize(1);
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(4);

        try (Stream<Path> snapshots = Files.list(JournalDescriptor.snapshotsDir(shardDir)))
        {
            for (final Path snapshot : snapshots.toList())
            {
                Files.delete(snapshot);
            }
        }
        assertThat(JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 0, null))
            .removedAny()).isFalse();
        assertThat(cq4Files(JournalDescriptor.commandsDir(shardDir))).hasSize(4);
        // Without the first cycle and without a snapshot, a restart cannot rebuild the state, and says so.
        assertThatThrownBy(() -> ShardRecovery.recover(shardDir, () -> ShardFixture.freshLogic(root.resolve("x")),
            new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("starts at engine sequence " + (PER_CYCLE + 1))
            .hasMessageContaining("no usable snapshot");
    }

    @Test
    void shouldArchiveOldCyclesAsAJournalOfTheirOwnThatReplaysFromTheStart()
    {
        final Path archive = root.resolve("archive");
        final JournalRetention.Report report =
            JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.ARCHIVE, 0, archive));

        assertThat(report.commandCycles()).hasSize(3);
        final Path archived = archive.resolve("shard-0");
        assertThat(cq4Files(JournalDescriptor.commandsDir(archived))).hasSize(3);
        try (JournalReader reader = JournalReader.open(archived))
        {
            assertThat(reader.firstSequence()).isEqualTo(1);
            assertThat(reader.lastSequence()).isEqualTo(3 * PER_CYCLE + 1);
            final JournalReplayer.Report replay = JournalReplayer.verify(reader, ShardFixture.freshLogic(root.resolve("a")), 3);
            assertThat(replay.identical()).isTrue();
            assertThat(replay.commands()).isEqualTo(3 * PER_CYCLE + 1);
        }
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            assertThat(reader.firstSequence()).isEqualTo(3 * PER_CYCLE + 2);
        }
    }

    @Test
    void shouldNumberCyclesWrittenAfterAnEarlierPassFromTheLedger()
    {
        assertThat(JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 3, null))
            .commandCycles()).hasSize(1);
        final JournalRetention.Report second =
            JournalRetention.apply(shardDir, new JournalRetention.Policy(JournalRetention.Mode.DELETE, 0, null));

        assertThat(second.commandCycles()).hasSize(2);
        assertThat(second.firstSequence()).isEqualTo(3 * PER_CYCLE + 2);
        assertThat(CycleLedger.read(JournalDescriptor.ledgerFile(shardDir)).values()).contains(3 * PER_CYCLE + 2L, 4 * PER_CYCLE + 2L);
    }

    private static List<Path> cq4Files(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).toList();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void publish(final Shard shard, final CommandSource source, final CountDownLatch replies)
    {
        while (shard.tryPublish(source, event -> replies.countDown()) != Shard.PUBLISHED)
        {
            Thread.onSpinWait();
        }
    }
}
