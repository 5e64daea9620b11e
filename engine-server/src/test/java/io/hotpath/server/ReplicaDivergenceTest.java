package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.shard.Shard;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.replication.FollowerReplica;
import io.hotpath.workload.MixedWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test 2's other half, in one JVM where the timing can be forced: a leader cut from its follower goes on journaling (a
 * leader of epoch 1 that does not yet know it was replaced; with min-acks 0 here, so it even answers), the follower is
 * promoted in epoch 2 and writes commands of its own, and the old leader rejoins as a follower. Its journal leaves the new
 * leader's after the last command of epoch 1 they share: its copy is set aside whole, for the journal tools, and it starts
 * again from the new leader; every command of epoch 1 the new leader holds is in the set-aside copy at the same sequence,
 * and the ones after it, never acknowledged by a quorum, are not in the new leader's journal.
 */
@Timeout(300)
class ReplicaDivergenceTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSetAsideADivergedCopyAndFollowTheNewLeaderFromScratch() throws Exception
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        try (ReplicatedShards a = ReplicaHosts.host(dir.resolve("a"), 0, clock, "a");
             ReplicatedShards b = ReplicaHosts.host(dir.resolve("b"), 0, clock, "b"))
        {
            final MixedWorkload workload = new MixedWorkload(11, 4, clock.nanoTime());
            b.follow(0, 1);
            awaitFollower(b);
            final Shard first = a.lead(0, 1, List.of(b.replicationAddress()));
            first.start(new ControlCommand.LeaderElected(1).source(1, clock.nanoTime()));
            ReplicaHosts.send(first, workload, 100);
            while (b.follower(0).holding().lastSequence() < 101)
            {
                Thread.sleep(5);
            }

            // Cut: the old leader goes on alone.
            a.followers(0, List.of());
            ReplicaHosts.send(first, workload, 20);
            first.close();

            b.fence(0, 2);
            final Shard second = b.lead(0, 2, List.of(a.replicationAddress()));
            second.start(new ControlCommand.LeaderElected(2).source(2, clock.nanoTime()));
            ReplicaHosts.send(second, workload, 10);
            a.follow(0, 2);
            awaitFollower(a);
            final FollowerReplica rejoined = a.follower(0);
            while (b.leader(0).liveFollowers() < 1 || rejoined.holding().lastSequence() < 112)
            {
                Thread.sleep(5);
            }

            final Path copy = JournalDescriptor.shardDir(dir.resolve("a"), 0);
            final Path leader = JournalDescriptor.shardDir(dir.resolve("b"), 0);
            final List<byte[]> aside;
            try (Stream<Path> entries = Files.list(dir.resolve("a")))
            {
                final List<Path> set = entries.filter(p -> p.getFileName().toString().startsWith("shard-0.diverged-")).toList();
                assertThat(set).as("the diverged copy, kept").hasSize(1);
                aside = commands(set.get(0));
            }
            final List<byte[]> led = commands(leader);
            final List<byte[]> followed = commands(copy);
            assertThat(aside).as("the old leader's copy: LeaderElected, 100 replicated, 20 alone").hasSize(121);
            assertThat(led).as("the new leader: 101 of epoch 1, LeaderElected of epoch 2, 10 more").hasSize(112);
            for (int i = 0; i < 101; i++)
            {
                assertThat(aside.get(i)).as("engine sequence %d, before the divergence", i + 1).isEqualTo(led.get(i));
            }
            assertThat(aside.get(101)).as("engine sequence 102: the old leader's own, never acknowledged by a quorum")
                .isNotEqualTo(led.get(101));
            assertThat(followed).as("the rejoined copy is the new leader's journal").hasSize(led.size());
            for (int i = 0; i < led.size(); i++)
            {
                assertThat(followed.get(i)).as("engine sequence %d of the rejoined copy", i + 1).isEqualTo(led.get(i));
            }
            assertThat(rejoined.bootstraps()).as("set aside once").isEqualTo(1);
            second.close();
        }
    }

    private static void awaitFollower(final ReplicatedShards host) throws InterruptedException
    {
        while (host.follower(0) == null)
        {
            Thread.sleep(5);
        }
    }

    private static List<byte[]> commands(final Path shardDir)
    {
        final List<byte[]> commands = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final CommandCursor cursor = reader.commands();
            while (cursor.next())
            {
                final byte[] command = new byte[cursor.length()];
                cursor.command().getBytes(0, command);
                commands.add(command);
            }
        }
        return commands;
    }
}
