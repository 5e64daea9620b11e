package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalOwnershipTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondOwnerUntilTheJournalOfTheFirstCloses()
    {
        final Path shardDir = dir.resolve("shard-0");
        final ChronicleJournal journal =
            ChronicleJournal.open(shardDir, Durability.MAPPED).ownedBy(JournalOwnership.acquire(shardDir), null);

        assertThatThrownBy(() -> JournalOwnership.acquire(shardDir))
            .isInstanceOf(JournalOwnership.JournalOwnedException.class)
            .hasMessageContaining("owned by another engine");
        try (JournalOwnership other = JournalOwnership.acquire(dir.resolve("shard-1")))
        {
            assertThat(other.shardDir()).as("another shard's journal is free").isEqualTo(dir.resolve("shard-1"));
        }

        journal.close();
        try (JournalOwnership next = JournalOwnership.acquire(shardDir))
        {
            assertThat(next.shardDir()).isEqualTo(shardDir);
        }
    }

    @Test
    void shouldWriteTheLastSnapshotsBeforeLettingGoOfTheJournal()
    {
        final Path shardDir = dir.resolve("shard-0");
        final FileSnapshotStore store = new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir));
        final SnapshotWriter writer = new SnapshotWriter(store, "test-snapshots");
        final ChronicleJournal journal =
            ChronicleJournal.open(shardDir, Durability.MAPPED).ownedBy(JournalOwnership.acquire(shardDir), writer);
        assertThat(writer.write(1, 10, 0xABCL, new UnsafeBuffer(new byte[1 << 20]), 0, 1 << 20)).isTrue();

        journal.close();
        assertThatThrownBy(() -> writer.write(2, 20, 0xABCL, new UnsafeBuffer(new byte[8]), 0, 8))
            .as("the snapshot writer closed with the journal").isInstanceOf(RejectedExecutionException.class);
        try (JournalOwnership next = JournalOwnership.acquire(shardDir))
        {
            assertThat(next.shardDir()).isEqualTo(shardDir);
            assertThat(store.latestValid()).as("on disk by the time another owner may look")
                .hasValueSatisfying(snapshot -> assertThat(snapshot.engineSequence()).isEqualTo(10));
        }
    }

    @Test
    void shouldBeFreeAgainOnceTheOwnerProcessIsKilled() throws Exception
    {
        final Path shardDir = dir.resolve("shard-0");
        final Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), HoldOwnership.class.getName(), shardDir.toString())
            .redirectErrorStream(true).start();
        try
        {
            assertThat(new String(owner.getInputStream().readNBytes(5))).isEqualTo("owned");
            assertThatThrownBy(() -> JournalOwnership.acquire(shardDir)).isInstanceOf(JournalOwnership.JournalOwnedException.class);
        }
        finally
        {
            owner.destroyForcibly().waitFor();
        }
        try (JournalOwnership next = JournalOwnership.acquire(shardDir))
        {
            assertThat(next.shardDir()).as("SIGKILL released it").isEqualTo(shardDir);
        }
    }

    /**
     * Takes a shard's ownership, says so, and waits to be killed.
     */
    public static final class HoldOwnership
    {
        private HoldOwnership()
        {
        }

        public static void main(final String[] args) throws InterruptedException
        {
            final JournalOwnership ownership = JournalOwnership.acquire(Path.of(args[0]));
            System.out.print("owned");
            System.out.flush();
            Thread.sleep(60_000);
            ownership.close();
        }
    }
}
