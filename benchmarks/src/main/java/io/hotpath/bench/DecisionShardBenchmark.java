package io.hotpath.bench;

import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.fraud.FraudLimits;
import io.hotpath.journal.Durability;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one shard deciding payments and nothing else, in process, journaling on (mapped): one publisher copies
 * encoded DecidePayment commands (8 tenants on the example configs) into the ring as fast as it takes them, through
 * journal, logic (fraud score and routing) and egress (see {@link MixedShard}). The score is decisions a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionShardBenchmark
{
    /** {@code PARKING} is the default on small hosts, {@code PHASED} on large ones ({@code WaitStrategyKind.forHost}). */
    @Param({"PARKING", "PHASED"})
    public WaitStrategyKind waitStrategy;

    /** A thread per stage, or one for all of them (see {@code ShardThreading}). */
    @Param({"SHARED", "DEDICATED"})
    public ShardThreading threading;

    /**
     * Keys the shard's velocity store holds ({@code hotpath.fraud.limits.velocity-keys}): the default evicts on this workload's
     * keys at nearly every payment; {@code -p velocityKeys=1048576} holds them all.
     */
    @Param({"16384"})
    public int velocityKeys;

    /**
     * Slots in the shard's ring ({@code hotpath.ring.size}). The publisher keeps the ring full, so each command is
     * decided as many slots after it was written as the ring holds: a deeper ring's slots have left the cache by then.
     */
    @Param({"8192"})
    public int ringSize;

    private Path dir;
    private MixedShard shard;

    @Setup(Level.Trial)
    public void start()
    {
        dir = TempDirs.create("hotpath-bench-decisions");
        shard = new MixedShard(dir, Durability.MAPPED, waitStrategy, threading, 1 << 18, false, true,
            new FraudLimits(velocityKeys, FraudLimits.DEFAULTS.labels()), ringSize);
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        System.out.printf("%nvelocity store of %,d keys: %,d evictions over %,d commands answered%n", velocityKeys,
            shard.evictions(EvictingTable.VELOCITY), shard.answered());
        shard.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public int publishDecision()
    {
        return shard.publishNext();
    }
}
