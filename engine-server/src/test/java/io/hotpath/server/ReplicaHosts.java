package io.hotpath.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.Shard;
import io.hotpath.gateway.TlsSettings;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.workload.MixedWorkload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Replica hosts of one shard for in-JVM replication tests: each a node's {@link ReplicatedShards} with its own journal
 * directory and replication port on loopback, and traffic for the shard a host leads.
 */
final class ReplicaHosts
{
    private ReplicaHosts()
    {
    }

    /**
     * @param minAcks followers whose acknowledgement a result waits for: 0 lets a leader answer with none.
     */
    static ReplicatedShards host(final Path journal, final int minAcks, final EpochNanoClock clock, final String name)
    {
        return host(journal, minAcks, clock, name, null);
    }

    /**
     * @param tls the node's TLS settings for its replication port and links, or null for plain TCP.
     */
    static ReplicatedShards host(final Path journal, final int minAcks, final EpochNanoClock clock, final String name,
        final TlsSettings tls)
    {
        return host(journal, Map.of("hotpath.replication.min-acks", Integer.toString(minAcks)), clock, name, tls);
    }

    /**
     * @param settings settings above the defaults (a shard, factor 2, this journal).
     */
    static ReplicatedShards host(final Path journal, final Map<String, Object> settings, final EpochNanoClock clock, final String name,
        final TlsSettings tls)
    {
        final Config config = ConfigFactory.parseMap(settings)
            .withFallback(ConfigFactory.parseMap(Map.of(
                "hotpath.shards", 1,
                "hotpath.journal.dir", journal.toString(),
                "hotpath.replication.factor", 2)))
            .withFallback(ConfigFactory.load()).resolve();
        final EngineSettings engine = EngineSettings.from(config);
        final PriceStreamHub streams = new PriceStreamHub(1, engine.pricingLimits().maxWatches(), 64, (tenant, subscription) -> { });
        return new ReplicatedShards(engine, ReplicationSettings.from(config), ShardLogicFactory.engine(engine), streams, clock, name,
            tls == null ? null : tls.replicationServerContext(), tls == null ? null : tls.replicationClientContext());
    }

    /**
     * Starts {@code follower} following shard 0 and {@code leader} leading it in epoch 1 towards it.
     *
     * @param live wait until the leader counts the follower live.
     * @return the started shard.
     */
    static Shard leadWithFollower(final ReplicatedShards leader, final ReplicatedShards follower, final EpochNanoClock clock,
        final boolean live) throws InterruptedException
    {
        follower.follow(0, 1);
        while (follower.follower(0) == null)
        {
            Thread.sleep(5);
        }
        final Shard shard = leader.lead(0, 1, List.of(follower.replicationAddress()));
        shard.start(new ControlCommand.LeaderElected(1).source(1, clock.nanoTime()));
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (live && leader.leader(0).liveFollowers() < 1)
        {
            if (System.nanoTime() > giveUp)
            {
                throw new AssertionError("the follower of shard 0 did not become live in 30 s");
            }
            Thread.sleep(5);
        }
        return shard;
    }

    /**
     * Publishes the workload's next {@code count} commands, waiting out a full ring, and waits for their results.
     */
    static void send(final Shard shard, final MixedWorkload workload, final int count) throws InterruptedException
    {
        final ExpandableArrayBuffer command = new ExpandableArrayBuffer(4096);
        final AtomicLong answered = new AtomicLong();
        for (int i = 0; i < count; i++)
        {
            final int length = workload.next(command);
            publish(shard, new CommandSource()
            {
                @Override
                public int encodeCommand(final MutableDirectBuffer buffer)
                {
                    buffer.putBytes(0, command, 0, length);
                    return length;
                }

                @Override
                public int encodedLength()
                {
                    return length;
                }
            }, answered);
        }
        awaitAnswered(answered, count);
    }

    static void publish(final Shard shard, final CommandSource source, final AtomicLong answered) throws InterruptedException
    {
        while (shard.tryPublish(source, event -> answered.incrementAndGet()) == Shard.RING_FULL)
        {
            Thread.sleep(1);
        }
    }

    static void awaitAnswered(final AtomicLong answered, final long count) throws InterruptedException
    {
        while (answered.get() < count)
        {
            Thread.sleep(5);
        }
    }
}
