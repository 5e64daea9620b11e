package io.hotpath.gateway;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Synthetic gRPC traffic for the demo: pings across tenants with a fixed window of calls in flight,
 * timed from send to reply.
 *
 * <p>This is a closed loop, so its latencies are those of a saturated engine seen by a client that
 * waits; the open-loop load generator, timed from planned send times, belongs to the benchmarks.
 */
final class DemoLoad
{
    private final EngineGrpc.EngineStub stub;
    private final int tenants;
    private final int inFlight;
    private final Semaphore window;
    private final Recorder latency = new Recorder(3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder failed = new LongAdder();

    DemoLoad(final ManagedChannel channel, final int tenants, final int inFlight)
    {
        this.stub = EngineGrpc.newStub(channel);
        this.tenants = tenants;
        this.inFlight = inFlight;
        this.window = new Semaphore(inFlight);
    }

    /**
     * Drives traffic and then forgets it: the JIT compilers take most of a small host's CPU for the
     * first seconds, and those seconds say nothing about the engine.
     */
    void warmUp(final Duration duration, final PrintStream out) throws InterruptedException
    {
        run(duration, out, "warm-up ");
        ok.reset();
        overloaded.reset();
        failed.reset();
    }

    /**
     * @return the round-trip latencies in nanoseconds.
     */
    Histogram measure(final Duration duration, final PrintStream out) throws InterruptedException
    {
        return run(duration, out, "");
    }

    private Histogram run(final Duration duration, final PrintStream out, final String phase) throws InterruptedException
    {
        final Histogram total = new Histogram(3);
        Histogram interval = null;
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long sent = 0;
        long reportedOk = 0;
        while (System.nanoTime() < end)
        {
            window.acquire();
            send(sent++);
            final long now = System.nanoTime();
            if (now >= nextReport)
            {
                interval = latency.getIntervalHistogram(interval);
                total.add(interval);
                final long okNow = ok.sum();
                out.printf("  %s%3ds  %,10d req/s   p50 %,7.0f us   p99 %,7.0f us%n",
                    phase, TimeUnit.NANOSECONDS.toSeconds(now - start), okNow - reportedOk,
                    micros(interval.getValueAtPercentile(50)), micros(interval.getValueAtPercentile(99)));
                reportedOk = okNow;
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
        }
        // Wait for the calls still in flight, so every sent ping is counted.
        if (window.tryAcquire(inFlight, 30, TimeUnit.SECONDS))
        {
            window.release(inFlight);
        }
        else
        {
            out.println("  some calls did not complete within 30 s of the end");
        }
        total.add(latency.getIntervalHistogram(interval));
        return total;
    }

    long ok()
    {
        return ok.sum();
    }

    long overloaded()
    {
        return overloaded.sum();
    }

    long failed()
    {
        return failed.sum();
    }

    static double micros(final long nanos)
    {
        return nanos / 1_000.0;
    }

    private void send(final long id)
    {
        final long sentAt = System.nanoTime();
        final PingRequest request = PingRequest.newBuilder().setTenantId(1 + id % tenants).setCorrelationId(id).build();
        stub.ping(request, new StreamObserver<>()
        {
            @Override
            public void onNext(final PingReply reply)
            {
                latency.recordValue(System.nanoTime() - sentAt);
                ok.increment();
            }

            @Override
            public void onError(final Throwable failure)
            {
                if (Status.fromThrowable(failure).getCode() == Status.Code.RESOURCE_EXHAUSTED)
                {
                    overloaded.increment();
                }
                else
                {
                    failed.increment();
                }
                window.release();
            }

            @Override
            public void onCompleted()
            {
                window.release();
            }
        });
    }
}
