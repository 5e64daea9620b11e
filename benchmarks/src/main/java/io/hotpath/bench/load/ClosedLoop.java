package io.hotpath.bench.load;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Saturation throughput, for comparing one server with another (the anchors): a fixed window of
 * payment decisions in flight, a new one sent as each is answered, counted over a fixed time. This
 * measures capacity, not latency; latency is the open loop's.
 */
final class ClosedLoop implements LoadSink
{
    private final int inFlight;
    private final Semaphore window;
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean counting;

    ClosedLoop(final int inFlight)
    {
        this.inFlight = inFlight;
        this.window = new Semaphore(inFlight);
    }

    /**
     * @return answers a second during {@code duration}, after {@code warmUp}.
     */
    double run(final LoadTransport transport, final Duration warmUp, final Duration duration) throws InterruptedException
    {
        final SplittableRandom random = new SplittableRandom(1);
        final long paymentIds = System.currentTimeMillis() * 1_000_000L;
        final long start = System.nanoTime();
        final long measureFrom = start + warmUp.toNanos();
        final long end = measureFrom + duration.toNanos();
        long sequence = 0;
        long now = start;
        while (now < end)
        {
            if (!counting && now >= measureFrom)
            {
                answered.reset();
                failed.reset();
                counting = true;
            }
            if (!window.tryAcquire())
            {
                transport.flush();
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                {
                    now = System.nanoTime();
                    continue;
                }
            }
            transport.decide(sequence, random.nextInt(LoadTraffic.SLOTS), paymentIds + sequence);
            sequence++;
            now = System.nanoTime();
        }
        final double rate = answered.sum() / ((System.nanoTime() - measureFrom) / 1e9);
        transport.flush();
        // The calls still in flight are answered before the caller closes the transport: a channel shut down under them
        // leaves the server logging each one as a stream closed before its reply could be written.
        window.tryAcquire(inFlight, 10, TimeUnit.SECONDS);
        if (failed.sum() > 0)
        {
            throw new IllegalStateException(failed.sum() + " requests failed while measuring saturation");
        }
        return rate;
    }

    @Override
    public void answered(final long sequence)
    {
        answered.increment();
        window.release();
    }

    @Override
    public void refused(final long sequence)
    {
        failed.increment();
        window.release();
    }

    @Override
    public void failed(final long sequence, final String why)
    {
        failed.increment();
        window.release();
    }

    @Override
    public void decided(final Decided payment)
    {
        // Saturation sends decisions only.
    }
}
