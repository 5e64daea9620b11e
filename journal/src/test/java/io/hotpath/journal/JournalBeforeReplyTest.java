package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardEvent;
import io.hotpath.core.shard.ShardThreading;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class JournalBeforeReplyTest
{
    private static final int COMMANDS = 5_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"MAPPED, DEDICATED", "SYNC, DEDICATED", "MAPPED, SHARED", "SYNC, SHARED"})
    void shouldReleaseNoResultBeforeItsCommandCanBeReadFromTheJournal(final Durability durability, final ShardThreading threading)
        throws Exception
    {
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final CountDownLatch replies = new CountDownLatch(COMMANDS);
        try (JournalReader reader = opened(durability))
        {
            final CommandCursor cursor = reader.commands();
            final Shard shard = ShardFixture.start(dir, ShardContext.defaults(0).withThreading(threading), ShardFixture.freshLogic(dir),
                durability);
            final PingCommand ping = new PingCommand();

            for (int i = 0; i < COMMANDS; i++)
            {
                final long correlationId = i;
                ping.set(7, correlationId, System.nanoTime());
                while (shard.tryPublish(ping, event -> check(event, cursor, violations, replies)) == Shard.RING_FULL)
                {
                    Thread.onSpinWait();
                }
            }

            assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
            shard.close();
        }
        assertThat(violations).isEmpty();
    }

    private JournalReader opened(final Durability durability)
    {
        // Create the journal first so the reader can open it while the shard writes.
        ChronicleJournal.open(dir, durability).close();
        return JournalReader.open(dir);
    }

    private static void check(
        final ShardEvent event, final CommandCursor cursor, final Queue<String> violations, final CountDownLatch replies)
    {
        if (!cursor.seekIndex(event.journalIndex()) || !cursor.next())
        {
            violations.add("no journal entry at index " + event.journalIndex());
        }
        else if (!cursor.command().equals(event.command()))
        {
            violations.add("journal entry " + event.journalIndex() + " differs from the command");
        }
        replies.countDown();
    }
}
