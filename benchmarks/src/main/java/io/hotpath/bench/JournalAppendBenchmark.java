package io.hotpath.bench;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.Durability;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of journaling one 32-byte command, beside a raw Chronicle append of the same bytes, on the journal thread, as the shard does it: one
 * Chronicle document per command, no sync (the MAPPED durability).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JournalAppendBenchmark
{
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[PingCommand.LENGTH]);
    private final byte[] raw = new byte[PingCommand.LENGTH];
    private Path dir;
    private ChronicleJournal journal;
    private ChronicleQueue rawQueue;
    private ExcerptAppender rawAppender;

    @Setup(Level.Trial)
    public void open()
    {
        dir = TempDirs.create("hotpath-bench-journal");
        journal = ChronicleJournal.open(dir, Durability.MAPPED);
        new PingCommand().set(1, 2, 3).encodeCommand(command);
        command.getBytes(0, raw);
        rawQueue = ChronicleQueue.singleBuilder(dir.resolve("raw")).rollCycle(RollCycles.DEFAULT).build();
        rawAppender = rawQueue.createAppender();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        journal.close();
        rawAppender.close();
        rawQueue.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public long appendCommand()
    {
        return journal.appendCommand(command, 0, PingCommand.LENGTH);
    }

    /**
     * The anchor: the same bytes appended to a Chronicle Queue of the same roll cycle with nothing
     * of the journal's own (no checksum, no index bookkeeping).
     */
    @Benchmark
    public long rawChronicleAppend()
    {
        try (DocumentContext document = rawAppender.writingDocument())
        {
            document.wire().bytes().write(raw, 0, raw.length);
        }
        return rawAppender.lastIndexAppended();
    }
}
