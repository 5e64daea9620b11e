package io.hotpath.bench;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.hotpath.core.shard.WaitStrategyKind;
import java.util.concurrent.ArrayBlockingQueue;
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
 * One hop between two threads and nothing else: a publisher hands a preallocated event with one
 * long to a consumer that reads it. On the Disruptor (multi-producer and 8,192 slots, as a shard's
 * ring, but with the Disruptor's sleeping wait strategy, not the parking or phased one a shard picks
 * for its host) and, as its anchor, on an {@code ArrayBlockingQueue} of the same
 * capacity carrying events from a preallocated pool. The publisher never waits for the consumer
 * except when the ring or queue is full, so the score is the rate the hop drains at.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RingHopBenchmark
{
    private static final int CAPACITY = 8192;

    @Param({"DISRUPTOR", "ARRAY_BLOCKING_QUEUE"})
    public String queue;

    private Disruptor<Slot> disruptor;
    private RingBuffer<Slot> ring;
    private ArrayBlockingQueue<Slot> blocking;
    private Slot[] pool;
    private Thread consumer;
    private volatile boolean running;
    private long sequence;
    private volatile long consumed;

    /**
     * The event: one long, as a ring slot holds a command's fields.
     */
    public static final class Slot
    {
        long value;
    }

    @Setup(Level.Trial)
    public void start()
    {
        running = true;
        if ("DISRUPTOR".equals(queue))
        {
            disruptor = new Disruptor<>(Slot::new, CAPACITY, runnable -> new Thread(runnable, "ring-hop-consumer"),
                ProducerType.MULTI, WaitStrategyKind.SLEEPING.newStrategy());
            disruptor.handleEventsWith((slot, seq, endOfBatch) -> consumed = slot.value);
            ring = disruptor.start();
            return;
        }
        blocking = new ArrayBlockingQueue<>(CAPACITY);
        // One more event than the queue holds, so the one being read is never the one being written.
        pool = new Slot[CAPACITY * 2];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new Slot();
        }
        consumer = new Thread(() ->
        {
            try
            {
                while (running)
                {
                    consumed = blocking.take().value;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "ring-hop-consumer");
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException
    {
        running = false;
        if (disruptor != null)
        {
            disruptor.halt();
            return;
        }
        consumer.interrupt();
        consumer.join();
    }

    @Benchmark
    public long hop() throws InterruptedException
    {
        final long value = ++sequence;
        if (ring != null)
        {
            final long slot = ring.next();
            ring.get(slot).value = value;
            ring.publish(slot);
            return value;
        }
        final Slot slot = pool[(int)(value & (pool.length - 1))];
        slot.value = value;
        blocking.put(slot);
        return value;
    }
}
