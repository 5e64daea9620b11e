package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
        final ChronicleJournal journal = ChronicleJournal.open(shardDir, Durability.MAPPED).ownedBy(JournalOwnership.acquire(shardDir));

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
