package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.control.ControlReply;
import io.hotpath.core.control.EngineGuardian;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.control.LocalShardDirectory;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pekko control plane over real shards on real journals: control commands enter the rings,
 * survive a full ring by retrying, and a stop drains every shard before it answers.
 */
@Timeout(60)
class ControlPlaneTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ActorTestKit testKit = ActorTestKit.create();
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void stop()
    {
        gate.countDown();
        testKit.shutdownTestKit();
    }

    @Test
    void shouldJournalControlCommandsAndDrainEveryShardOnStop()
    {
        final LocalShardDirectory directory = new LocalShardDirectory(new HashShardPlacement(2), 2);
        final ActorRef<EngineGuardian.Command> guardian = startGuardian(directory, ShardContext.defaults(0), false);

        final TestProbe<ControlReply> replies = testKit.createTestProbe();
        guardian.tell(new EngineGuardian.TenantControl(
            new ControlCommand.ApplyConfig(5, ConfigDomain.PRICING, 1, "a".getBytes(StandardCharsets.US_ASCII)), replies.ref()));
        assertThat(replies.expectMessageClass(ControlReply.class, WAIT).code()).isEqualTo(ResultCode.OK);

        final int shardOfTenant = directory.shardIdOf(5);
        guardian.tell(new EngineGuardian.ShardControl(shardOfTenant, new ControlCommand.TakeSnapshot(3), replies.ref()));
        final ControlReply snapshot = replies.expectMessageClass(ControlReply.class, WAIT);
        assertThat(snapshot.applied()).isTrue();
        assertThat(snapshot.engineSequence()).isEqualTo(2);

        final TestProbe<EngineGuardian.Stopped> stopped = testKit.createTestProbe();
        guardian.tell(new EngineGuardian.Stop(stopped.ref()));
        stopped.expectMessageClass(EngineGuardian.Stopped.class, WAIT);
        assertThat(directory.shard(0)).isNull();
        assertThat(directory.shard(1)).isNull();

        try (JournalReader reader = JournalReader.open(root.resolve("shard-" + shardOfTenant)))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, new EngineLogic(16, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 1);
            assertThat(report.commands()).isEqualTo(2);
            assertThat(report.identical()).isTrue();
            assertThat(report.stateHash()).isEqualTo(snapshot.hash());
        }
    }

    @Test
    void shouldRetryAControlCommandThatMeetsAFullRing()
    {
        final LocalShardDirectory directory = new LocalShardDirectory(new HashShardPlacement(1), 1);
        final ActorRef<EngineGuardian.Command> guardian = startGuardian(directory, ShardContext.defaults(0).withRingSize(2), true);
        final Shard shard = directory.shard(0);
        final PingCommand ping = new PingCommand();
        while (shard.tryPublish(ping.set(1, 1, 1), event -> { }) == Shard.PUBLISHED)
        {
            Thread.onSpinWait();
        }

        final TestProbe<ControlReply> replies = testKit.createTestProbe();
        final ControlCommand config = new ControlCommand.ApplyConfig(1, ConfigDomain.ROUTING, 1, new byte[0]);
        guardian.tell(new EngineGuardian.TenantControl(config, replies.ref()));
        replies.expectNoMessage(Duration.ofMillis(100));
        gate.countDown();

        final ControlReply reply = replies.expectMessageClass(ControlReply.class, WAIT);
        assertThat(reply.status()).isEqualTo(Shard.PUBLISHED);
        assertThat(reply.code()).isEqualTo(ResultCode.OK);
    }

    private ActorRef<EngineGuardian.Command> startGuardian(
        final LocalShardDirectory directory, final ShardContext context, final boolean held)
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final ActorRef<EngineGuardian.Command> guardian = testKit.spawn(EngineGuardian.create(
            shardId -> new Shard(
                new ShardContext(shardId, context.ringSize(), context.maxCommandLength(), context.maxResultLength(),
                    context.waitStrategy(), context.threading()),
                ChronicleJournal.open(root.resolve("shard-" + shardId), Durability.MAPPED),
                held ? heldLogic() : new EngineLogic(16, new FileSnapshotStore(root.resolve("shard-" + shardId).resolve("snapshots"))),
                clock),
            directory,
            clock));
        final TestProbe<EngineGuardian.Ready> ready = testKit.createTestProbe();
        guardian.tell(new EngineGuardian.AwaitReady(ready.ref()));
        assertThat(ready.expectMessageClass(EngineGuardian.Ready.class, WAIT).ok()).isTrue();
        return guardian;
    }

    private ShardLogic heldLogic()
    {
        final EngineLogic engine = new EngineLogic(16, JournalReplayer.KEEP_EXISTING_SNAPSHOTS);
        return new ShardLogic()
        {
            @Override
            public int apply(final DirectBuffer command, final int length, final long sequence, final MutableDirectBuffer result)
            {
                try
                {
                    gate.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                return engine.apply(command, length, sequence, result);
            }

            @Override
            public long stateHash(final long engineSequence)
            {
                return engine.stateHash(engineSequence);
            }
        };
    }
}
