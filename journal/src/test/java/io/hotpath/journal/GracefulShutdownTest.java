package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.shard.Shard;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GracefulShutdownTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAnswerAndJournalEveryAcceptedCommandWhenClosedUnderLoad() throws Exception
    {
        final Shard shard = ShardFixture.start(dir);
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final Thread publisher = new Thread(() ->
        {
            final PingCommand ping = new PingCommand();
            long id = 0;
            int status;
            do
            {
                status = shard.tryPublish(ping.set(5, id++, id), event -> answered.incrementAndGet());
                if (status == Shard.PUBLISHED)
                {
                    accepted.incrementAndGet();
                }
            }
            while (status != Shard.CLOSED);
        });
        publisher.start();
        while (accepted.get() < 50_000)
        {
            Thread.onSpinWait();
        }

        shard.close();
        publisher.join();

        assertThat(answered.get()).isEqualTo(accepted.get());
        long journaled = 0;
        try (JournalReader reader = JournalReader.open(dir))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                journaled++;
            }
        }
        assertThat(journaled).isEqualTo(accepted.get());
        assertThat(shard.tryPublish(new PingCommand(), event -> { })).isEqualTo(Shard.CLOSED);
    }
}
