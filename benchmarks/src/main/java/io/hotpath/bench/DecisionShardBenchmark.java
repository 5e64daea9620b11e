package io.hotpath.bench;

import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.WaitStrategyKind;
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
    @Param({"PHASED"})
    public WaitStrategyKind waitStrategy;

    /** A thread per stage, or one for all of them (see {@code ShardThreading}). */
    @Param({"SHARED", "DEDICATED"})
    public ShardThreading threading;

    private Path dir;
    private MixedShard shard;

    @Setup(Level.Trial)
    public void start()
    {
        dir = TempDirs.create("hotpath-bench-decisions");
        shard = new MixedShard(dir, Durability.MAPPED, waitStrategy, threading, 1 << 18, false, true);
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        shard.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public int publishDecision()
    {
        return shard.publishNext();
    }
}
