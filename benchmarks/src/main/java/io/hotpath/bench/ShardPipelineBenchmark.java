package io.hotpath.bench;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.Durability;
import io.hotpath.journal.FileSnapshotStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.OffsetEpochNanoClock;
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
 * Throughput of one shard: a 32-byte ping through ring, Chronicle journal in parallel with the
 * logic, then egress, with one publisher. The publisher spins on a full ring, so the rate measured
 * is the rate the pipeline drains at.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShardPipelineBenchmark
{
    private static final AtomicLong ANSWERED = new AtomicLong();
    private static final ResultListener COUNT = event -> ANSWERED.lazySet(ANSWERED.get() + 1);

    @Param({"PARKING", "PHASED", "SLEEPING", "BLOCKING", "YIELDING"})
    public WaitStrategyKind waitStrategy;

    @Param({"MAPPED", "SYNC"})
    public Durability durability;

    private Path dir;
    private Shard shard;
    private final PingCommand ping = new PingCommand();
    private long correlationId;

    @Setup(Level.Trial)
    public void start()
    {
        dir = TempDirs.create("hotpath-bench-shard");
        shard = new Shard(
            ShardContext.defaults(0).withWaitStrategy(waitStrategy),
            ChronicleJournal.open(dir, durability),
            new EngineLogic(1024, new FileSnapshotStore(dir.resolve("snapshots"))),
            new OffsetEpochNanoClock()).start();
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        shard.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public int publishPing()
    {
        ping.set(1, ++correlationId, correlationId);
        int status;
        while ((status = shard.tryPublish(ping, COUNT)) == Shard.RING_FULL)
        {
            Thread.onSpinWait();
        }
        return status;
    }
}
