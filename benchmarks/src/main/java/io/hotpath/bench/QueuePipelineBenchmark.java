package io.hotpath.bench;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.Durability;
import io.hotpath.journal.FileSnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * The anchor of {@link ShardPipelineBenchmark}: the same work (a 32-byte ping journaled to
 * Chronicle, decided by the same logic, its result journaled and released) on threads joined by
 * {@code ArrayBlockingQueue}s instead of the Disruptor, as a pipeline is commonly built:
 *
 * <pre>
 *   publisher --q--> journal thread --q--> logic thread --q--> egress thread --free q--> publisher
 * </pre>
 *
 * Events come from a preallocated pool and go back to it, so neither side allocates per command.
 * A queue cannot hand one event to two consumers and join them, so journal and logic run one after
 * the other here, where the shard runs them side by side. The journal commits when its queue is
 * empty, as the shard does at the end of a batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueuePipelineBenchmark
{
    private static final int CAPACITY = 8192;

    private final BlockingQueue<Event> free = new ArrayBlockingQueue<>(CAPACITY);
    private final BlockingQueue<Event> toJournal = new ArrayBlockingQueue<>(CAPACITY);
    private final BlockingQueue<Event> toLogic = new ArrayBlockingQueue<>(CAPACITY);
    private final BlockingQueue<Event> toEgress = new ArrayBlockingQueue<>(CAPACITY);
    private final List<Thread> threads = new ArrayList<>();
    private final PingCommand ping = new PingCommand();
    private Path dir;
    private ChronicleJournal journal;
    private EngineLogic logic;
    private long correlationId;
    private long engineSequence;
    private volatile long released;

    /**
     * One command and its result, reused.
     */
    static final class Event
    {
        final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer result = new UnsafeBuffer(new byte[1024]);
        int commandLength;
        int resultLength;
        long journalIndex;
    }

    @Setup(Level.Trial)
    public void start()
    {
        dir = TempDirs.create("hotpath-bench-queue-pipeline");
        journal = ChronicleJournal.open(dir, Durability.MAPPED);
        logic = new EngineLogic(1024, new FileSnapshotStore(dir.resolve("snapshots")));
        for (int i = 0; i < CAPACITY; i++)
        {
            free.add(new Event());
        }
        stage("journal", toJournal, event ->
        {
            event.journalIndex = journal.appendCommand(event.command, 0, event.commandLength);
            if (toJournal.isEmpty())
            {
                journal.commitBatch();
            }
            toLogic.put(event);
        });
        stage("logic", toLogic, event ->
        {
            event.resultLength = logic.apply(event.command, event.commandLength, ++engineSequence, event.result);
            toEgress.put(event);
        });
        stage("egress", toEgress, event ->
        {
            journal.appendResult(event.journalIndex, 0, event.result, 0, event.resultLength);
            released++;
            free.put(event);
        });
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException
    {
        for (final Thread thread : threads)
        {
            thread.interrupt();
            thread.join();
        }
        journal.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public long publishPing() throws InterruptedException
    {
        final Event event = free.take();
        ping.set(1, ++correlationId, correlationId);
        event.commandLength = ping.encodeCommand(event.command);
        toJournal.put(event);
        return correlationId;
    }

    private void stage(final String name, final BlockingQueue<Event> in, final Step step)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                while (true)
                {
                    step.apply(in.take());
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "queue-pipeline-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @FunctionalInterface
    private interface Step
    {
        void apply(Event event) throws InterruptedException;
    }
}
