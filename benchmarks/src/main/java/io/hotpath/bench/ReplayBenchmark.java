package io.hotpath.bench;

import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.journal.Durability;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.server.ShardLogicFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay with verification, as {@code engine replay verify} does it on one shard: every journaled
 * command of a journal of the mixed workload re-decided by fresh logic on one thread and its result
 * compared byte for byte with the journaled one. The journal is written once, through a real shard;
 * the score is commands a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBenchmark
{
    private static final int COMMANDS = 100_000;

    private Path dir;
    private long journaled;

    @Setup(Level.Trial)
    public void write()
    {
        dir = TempDirs.create("hotpath-bench-replay");
        try (MixedShard shard = new MixedShard(dir, Durability.MAPPED, WaitStrategyKind.SLEEPING, 1 << 17))
        {
            final long before = shard.answered();
            for (int i = 0; i < COMMANDS; i++)
            {
                shard.publishNext();
            }
            shard.awaitAnswers(before + COMMANDS);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            journaled = reader.lastSequence();
        }
    }

    @TearDown(Level.Trial)
    public void delete()
    {
        TempDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long replayVerify()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(reader,
                ShardLogicFactory.engine(1024).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            if (!report.identical() || report.matched() < journaled - 1)
            {
                throw new IllegalStateException("replay differs: " + report.mismatchCount() + " mismatches, " + report.matched()
                    + " matched of " + journaled);
            }
            return report.matched();
        }
    }
}
