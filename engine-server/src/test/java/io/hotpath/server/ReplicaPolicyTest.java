package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.shard.Shard;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.workload.MixedWorkload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replicated shard does when its follower goes, by policy; where its snapshots go while it has one; and what a
 * follower does when its results differ from its leader's.
 */
@Timeout(120)
class ReplicaPolicyTest
{
    private final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();

    @TempDir
    Path dir;

    @Test
    void shouldRefuseWithoutAFollowerUnderRefuseAndAnswerOnItsOwnCopyUnderDegrade() throws Exception
    {
        for (final String policy : List.of("refuse", "degrade"))
        {
            final Map<String, Object> settings =
                Map.of("hotpath.replication.min-acks", "1", "hotpath.replication.on-too-few", policy);
            try (ReplicatedShards leader = ReplicaHosts.host(dir.resolve(policy + "-a"), settings, clock, "a", null);
                 ReplicatedShards follower = ReplicaHosts.host(dir.resolve(policy + "-b"), settings, clock, "b", null))
            {
                final Shard shard = ReplicaHosts.leadWithFollower(leader, follower, clock, true);
                ReplicaHosts.send(shard, new MixedWorkload(5, 2, clock.nanoTime()), 50);
                follower.unfollow(0);
                while (leader.leader(0).liveFollowers() > 0)
                {
                    Thread.sleep(5);
                }
                final int published = shard.tryPublish(new ControlCommand.Tick().source(0, clock.nanoTime()), event -> { });
                if (policy.equals("refuse"))
                {
                    assertThat(published).as("refuse: taken by no one").isEqualTo(Shard.UNREPLICATED);
                    assertThat(shard.counters().rejectedUnreplicated()).isEqualTo(1);
                }
                else
                {
                    assertThat(published).isEqualTo(Shard.PUBLISHED);
                    assertThat(codeOf(shard, new ControlCommand.Tick())).as("degrade: answered on the leader's copy alone")
                        .isEqualTo(ResultCode.OK);
                    assertThat(leader.degraded(0)).isPositive();
                }
                shard.close();
            }
        }
    }

    @Test
    void shouldLeaveItsSnapshotsToALiveFollower() throws Exception
    {
        try (ReplicatedShards leader = ReplicaHosts.host(dir.resolve("a"), 1, clock, "a");
             ReplicatedShards follower = ReplicaHosts.host(dir.resolve("b"), 1, clock, "b"))
        {
            final Shard shard = ReplicaHosts.leadWithFollower(leader, follower, clock, true);
            ReplicaHosts.send(shard, new MixedWorkload(5, 2, clock.nanoTime()), 50);
            assertThat(codeOf(shard, new ControlCommand.TakeSnapshot(7))).isEqualTo(ResultCode.OK);
            final FileSnapshotStore followers =
                new FileSnapshotStore(JournalDescriptor.snapshotsDir(JournalDescriptor.shardDir(dir.resolve("b"), 0)));
            final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (followers.latestValid().isEmpty())
            {
                assertThat(System.nanoTime()).as("the follower stores the snapshot").isLessThan(giveUp);
                Thread.sleep(10);
            }
            assertThat(followers.latestValid().get().snapshotId()).isEqualTo(7);
            assertThat(new FileSnapshotStore(JournalDescriptor.snapshotsDir(JournalDescriptor.shardDir(dir.resolve("a"), 0)))
                .newestFirst()).as("the leader only hashed its state").isEmpty();
            shard.close();
        }
    }

    @Test
    void shouldFaultAndRebuildAFollowerWhoseResultsDifferFromTheLeaders() throws Exception
    {
        // The follower runs with room for one tenant a domain, the leader with the default: the second tenant's config is
        // refused on the follower only, a result that differs.
        try (ReplicatedShards leader = ReplicaHosts.host(dir.resolve("a"), 1, clock, "a");
             ReplicatedShards follower = ReplicaHosts.host(dir.resolve("b"),
                 Map.of("hotpath.replication.min-acks", "1", "hotpath.max-tenants-per-shard", 1), clock, "b", null))
        {
            final Shard shard = ReplicaHosts.leadWithFollower(leader, follower, clock, true);
            ReplicaHosts.send(shard, new MixedWorkload(5, 2, clock.nanoTime()), 20);
            final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (follower.mismatches(0) == 0)
            {
                assertThat(System.nanoTime()).as("the mismatch noticed").isLessThan(giveUp);
                Thread.sleep(10);
            }
            // The count of mismatches moves first; the copy is set aside (and counted) as the follower starts afresh after it.
            while (follower.bootstraps(0) == 0)
            {
                assertThat(System.nanoTime()).as("its copy set aside, to start again").isLessThan(giveUp);
                Thread.sleep(10);
            }
            shard.close();
        }
    }

    private ResultCode codeOf(final Shard shard, final ControlCommand command) throws Exception
    {
        final CompletableFuture<ResultCode> code = new CompletableFuture<>();
        final int published = shard.tryPublish(command.source(0, clock.nanoTime()), event -> code.complete(
            new ResultMetaDecoder().wrap(event.result(), MessageHeaderDecoder.ENCODED_LENGTH).code()));
        assertThat(published).isEqualTo(Shard.PUBLISHED);
        return code.get(30, TimeUnit.SECONDS);
    }
}
