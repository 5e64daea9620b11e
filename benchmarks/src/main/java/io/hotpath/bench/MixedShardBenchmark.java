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
 * Throughput of one shard of the whole engine under the mixed workload, in process, journaling on:
 * one publisher copies encoded commands into the ring as fast as it takes them (see
 * {@link MixedShard}). The score is commands a second through ring, journal, logic and egress; replicated, also through
 * the replicator stage to a follower in the same process (its own journal and logic, over loopback TCP) and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MixedShardBenchmark
{
    @Param({"MAPPED", "SYNC"})
    public Durability durability;

    /** {@code PARKING} is the default on small hosts, {@code PHASED} on large ones ({@code WaitStrategyKind.forHost}). */
    @Param({"PARKING", "PHASED"})
    public WaitStrategyKind waitStrategy;

    /** A thread per stage, or one for all of them (see {@code ShardThreading}). */
    @Param({"SHARED", "DEDICATED"})
    public ShardThreading threading;

    /** true: the shard leads a follower on loopback TCP, and each result waits for its acknowledgement. */
    @Param({"false", "true"})
    public boolean replicated;

    private Path dir;
    private MixedShard shard;

    @Setup(Level.Trial)
    public void start()
    {
        dir = TempDirs.create("hotpath-bench-mixed");
        shard = new MixedShard(dir, durability, waitStrategy, threading, 1 << 18, replicated, false);
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        shard.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public int publishMixed()
    {
        return shard.publishNext();
    }
}
