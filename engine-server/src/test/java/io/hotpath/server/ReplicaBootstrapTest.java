package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.SnapshotTakenDecoder;
import io.hotpath.core.shard.Shard;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.replication.FollowerReplica;
import io.hotpath.replication.LeaderReplicator;
import io.hotpath.workload.MixedWorkload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test 5 of replication: a follower that joins a shard with a long journal starts from the leader's newest snapshot, takes
 * the journal's tail, follows live, and reaches the leader's state hash at the same engine sequence; promoted, its logic
 * hashes as the leader's did. Two nodes' replica hosts in one JVM, each with its own journal directory, on loopback TCP.
 *
 * <p>The journal's length is {@code -Dhotpath.bootstrap.commands} (20,000 here; the figure in docs/cluster.md was taken
 * with 1,000,000), its snapshot halfway.
 */
@Timeout(600)
class ReplicaBootstrapTest
{
    private static final int COMMANDS = Integer.getInteger("hotpath.bootstrap.commands", 20_000);

    @TempDir
    Path dir;

    @Test
    void shouldBootstrapAFollowerFromTheLeadersSnapshotAndJournalTailToTheSameStateHash() throws Exception
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        // No acknowledgement needed while the journal fills: the follower joins later.
        try (ReplicatedShards leaderNode = ReplicaHosts.host(dir.resolve("leader"), 0, clock, "leader");
             ReplicatedShards followerNode = ReplicaHosts.host(dir.resolve("follower"), 0, clock, "follower"))
        {
            final Shard shard = leaderNode.lead(0, 1, List.of());
            shard.start(new ControlCommand.LeaderElected(1).source(1, clock.nanoTime()));
            final MixedWorkload workload = new MixedWorkload(7, 8, clock.nanoTime());
            ReplicaHosts.send(shard, workload, COMMANDS / 2);
            final AtomicLong answered = new AtomicLong();
            ReplicaHosts.publish(shard, new ControlCommand.TakeSnapshot(1).source(0, clock.nanoTime()), answered);
            ReplicaHosts.awaitAnswered(answered, 1);
            ReplicaHosts.send(shard, workload, COMMANDS - COMMANDS / 2);
            // LeaderElected, the commands, and the snapshot among them.
            final long last = COMMANDS + 2;
            assertThat(leaderNode.snapshotWritten(0, COMMANDS / 2 + 2).get(30, TimeUnit.SECONDS))
                .as("the leader, without followers, stores its snapshot").isTrue();

            final long joined = System.nanoTime();
            followerNode.follow(0, 1);
            while (followerNode.follower(0) == null)
            {
                Thread.sleep(10);
            }
            leaderNode.followers(0, List.of(followerNode.replicationAddress()));
            final LeaderReplicator replicator = leaderNode.leader(0);
            final FollowerReplica follower = followerNode.follower(0);
            while (replicator.liveFollowers() < 1 || follower.holding().lastSequence() < last)
            {
                assertThat(System.nanoTime() - joined).as("bootstrap time").isLessThan(TimeUnit.MINUTES.toNanos(5));
                Thread.sleep(5);
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined);
            System.out.printf("replica bootstrap: a follower joined a shard of %d journaled commands (snapshot at %d) and followed "
                + "live in %d ms%n", last, COMMANDS / 2 + 2, millis);
            assertThat(follower.bootstraps()).as("the follower started afresh once, from the leader's snapshot").isEqualTo(1);

            // Live now: a snapshot command's result carries the leader's state hash, which the follower checks.
            final CompletableFuture<long[]> taken = new CompletableFuture<>();
            final int status = shard.tryPublish(new ControlCommand.TakeSnapshot(2).source(0, clock.nanoTime()), event ->
            {
                final SnapshotTakenDecoder decoder = new SnapshotTakenDecoder().wrapAndApplyHeader(event.result(), 0,
                    new MessageHeaderDecoder());
                taken.complete(new long[] {decoder.meta().engineSequence(), decoder.stateHash()});
            });
            assertThat(status).isEqualTo(Shard.PUBLISHED);
            final long[] leaderHash = taken.get(30, TimeUnit.SECONDS);
            while (follower.holding().lastSequence() < leaderHash[0])
            {
                Thread.sleep(5);
            }
            Thread.sleep(200);
            assertThat(follower.mismatches()).as("results that differed from the leader's").isZero();
            final FollowerReplica.Promotion promoted = follower.promote();
            assertThat(promoted.engineSequence()).isEqualTo(leaderHash[0]);
            assertThat(Long.toHexString(promoted.built().logic().stateHash(promoted.engineSequence())))
                .as("the bootstrapped follower's state hash at engine sequence %d", leaderHash[0])
                .isEqualTo(Long.toHexString(leaderHash[1]));
            // The copy, numbered from the snapshot, reads back as such: what a restarted follower recovers from.
            try (JournalReader copy = JournalReader.open(JournalDescriptor.shardDir(dir.resolve("follower"), 0)))
            {
                assertThat(copy.firstSequence()).isEqualTo(COMMANDS / 2 + 3);
                assertThat(copy.lastSequence()).isEqualTo(leaderHash[0]);
            }
            shard.close();
        }
    }
}
