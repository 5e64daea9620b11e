package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.Shard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReplayDeterminismTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReproduceEveryResultByteForByteWhenReplayedThroughFreshLogic() throws Exception
    {
        final int pings = 20_000;
        final Shard shard = ShardFixture.start(dir);
        final CountDownLatch replies = new CountDownLatch(pings + 6);
        final PingCommand ping = new PingCommand();
        for (int i = 0; i < pings; i++)
        {
            ping.set(1 + (i % 5), i, 1_000_000L * i);
            publish(shard, ping, replies);
            if (i % 5_000 == 0)
            {
                // Control commands interleave with traffic; a replay must apply them at the same point.
                final byte[] config = ("limit = " + i).getBytes(StandardCharsets.US_ASCII);
                publish(shard, new ControlCommand.ApplyConfig(1, ConfigDomain.ROUTING, i + 1, config).source(-i, i), replies);
            }
        }
        publish(shard, new ControlCommand.TakeSnapshot(9).source(-1, 1), replies);
        publish(shard, new ControlCommand.ApplyConfig(2, ConfigDomain.ROUTING, 1, new byte[0]).source(-2, 2), replies);
        assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
        shard.close();

        final JournalReplayer.Report report;
        try (JournalReader reader = JournalReader.open(dir))
        {
            report = JournalReplayer.verify(reader, ShardFixture.freshLogic(dir.resolve("replay")), 5);
        }

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.commands()).isEqualTo(pings + 6);
        assertThat(report.matched()).isEqualTo(pings + 6);
        assertThat(report.unanswered()).isZero();
    }

    @Test
    void shouldReportAResultThatDiffersFromTheJournal() throws Exception
    {
        final Shard shard = ShardFixture.start(dir);
        final CountDownLatch replies = new CountDownLatch(3);
        final PingCommand ping = new PingCommand();
        for (int i = 0; i < 3; i++)
        {
            publish(shard, ping.set(1, i, i), replies);
        }
        assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
        shard.close();

        // Logic that numbers every command one higher than the shard did: every result differs.
        final EngineLogic fresh = ShardFixture.freshLogic(dir.resolve("replay"));
        final ShardLogic skewed = new ShardLogic()
        {
            @Override
            public int apply(final DirectBuffer command, final int length, final long sequence, final MutableDirectBuffer result)
            {
                return fresh.apply(command, length, sequence + 1, result);
            }

            @Override
            public long stateHash(final long engineSequence)
            {
                return fresh.stateHash(engineSequence);
            }
        };
        final JournalReplayer.Report report;
        try (JournalReader reader = JournalReader.open(dir))
        {
            report = JournalReplayer.verify(reader, skewed, 2);
        }

        assertThat(report.identical()).isFalse();
        assertThat(report.mismatchCount()).isEqualTo(3);
        assertThat(report.mismatches()).hasSize(2);
    }

    private static void publish(final Shard shard, final CommandSource source, final CountDownLatch replies)
    {
        while (shard.tryPublish(source, event -> replies.countDown()) != Shard.PUBLISHED)
        {
            Thread.onSpinWait();
        }
    }
}
