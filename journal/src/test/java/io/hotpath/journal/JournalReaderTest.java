package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.shard.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class JournalReaderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldIterateCommandsFromTheStartAnIndexOrAnIngressTime() throws Exception
    {
        final List<Long> indices = new ArrayList<>();
        final CountDownLatch replies = new CountDownLatch(100);
        final Shard shard = ShardFixture.start(dir);
        final PingCommand ping = new PingCommand();
        for (long id = 0; id < 100; id++)
        {
            // Ingress times 1,000 ns apart, from 1,000,000.
            assertThat(shard.tryPublish(ping.set(9, id, 1_000_000 + id * 1_000), event ->
            {
                synchronized (indices)
                {
                    indices.add(event.journalIndex());
                }
                replies.countDown();
            })).isEqualTo(Shard.PUBLISHED);
        }
        assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
        shard.close();

        try (JournalReader reader = JournalReader.open(dir))
        {
            final CommandCursor commands = reader.commands();
            assertThat(correlationIds(commands, 100)).hasSize(100).startsWith(0L, 1L, 2L);

            assertThat(commands.seekIndex(indices.get(42))).isTrue();
            assertThat(correlationIds(commands, 3)).containsExactly(42L, 43L, 44L);

            assertThat(commands.seekTime(1_000_000 + 70 * 1_000 - 1)).isTrue();
            assertThat(commands.next()).isTrue();
            assertThat(commands.correlationId()).isEqualTo(70);
            assertThat(commands.ingressTime()).isEqualTo(1_070_000);
            assertThat(commands.tenantId()).isEqualTo(9);

            assertThat(commands.seekTime(2_000_000)).isFalse();

            final ResultCursor results = reader.results();
            assertThat(results.next()).isTrue();
            assertThat(results.commandIndex()).isEqualTo(indices.get(0));
            assertThat(results.egressTime()).isPositive();
        }
    }

    private static List<Long> correlationIds(final CommandCursor commands, final int max)
    {
        final List<Long> ids = new ArrayList<>();
        while (ids.size() < max && commands.next())
        {
            ids.add(commands.correlationId());
        }
        return ids;
    }
}
