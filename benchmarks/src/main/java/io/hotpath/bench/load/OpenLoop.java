package io.hotpath.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Open-loop load: request n is planned for {@code start + n / rate} and sent then (or at once, when
 * the sender is behind), whether or not earlier requests have been answered; its latency is timed
 * from that planned time to its answer. A stalled engine therefore shows as latency of every
 * request planned during the stall, not as one slow request and a sender that politely waited
 * (coordinated omission).
 *
 * <pre>
 *   scheduler thread:  plan n ──► send ──► (n+1) ...        parks between planned times
 *   reply threads:     answer n ──► latency = now - planned(n) ──► Recorder (per kind)
 *   interval thread:   every second, each Recorder's interval ──► .hlog, timeline, progress
 * </pre>
 *
 * Requests planned during the warm-up are recorded apart and reported nowhere. Refused requests
 * (overload, quotas) are counted, not timed: a fast refusal is not a fast answer. Each request
 * holds a slot of a ring of {@link #MAX_OUTSTANDING} until it ends; a request whose slot is still
 * held by one sent that many requests earlier ends the run as not sustained.
 */
final class OpenLoop implements LoadSink
{
    static final int MAX_OUTSTANDING = 1 << 20;
    static final int OUTSTANDING_MASK = MAX_OUTSTANDING - 1;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PARK_THRESHOLD_NANOS = 50_000;
    private static final LoadKind[] KINDS = LoadKind.values();

    // Planned send time less origin (so never 0) while the request is outstanding; 0 once it has ended.
    private final AtomicLongArray planned = new AtomicLongArray(MAX_OUTSTANDING);
    private final byte[] kinds = new byte[MAX_OUTSTANDING];
    private final Recorder[] recorders = new Recorder[KINDS.length];
    private final Recorder warmUpRecorder = new Recorder(HIGHEST_NANOS, 3);
    private final AtomicLong completed = new AtomicLong();
    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final ManyToOneConcurrentArrayQueue<Decided> feedback = new ManyToOneConcurrentArrayQueue<>(1 << 16);
    private volatile long measuredFrom;
    private volatile long origin;

    OpenLoop()
    {
        for (int i = 0; i < KINDS.length; i++)
        {
            recorders[i] = new Recorder(HIGHEST_NANOS, 3);
        }
    }

    /**
     * One point of the run's timeline: the answers of one interval, by planned time.
     */
    record Interval(double second, long count, long p50, long p99, long p999, long max)
    {
    }

    /**
     * What a run measured, after its warm-up.
     *
     * @param latency    by kind, nanoseconds from planned send time to answer.
     * @param sent       requests planned after the warm-up and sent.
     * @param sustained  false when the engine fell so far behind that the run was stopped.
     */
    record Result(long rate, Duration duration, Map<LoadKind, Histogram> latency, Histogram all, long sent, long answered,
        long refused, long failed, long unanswered, Map<String, Long> failures, List<Interval> timeline, boolean sustained)
    {
        double answeredPerSecond()
        {
            return answered / (duration.toNanos() / 1e9);
        }
    }

    /**
     * Runs the schedule: {@code warmUp} then {@code duration} at {@code rate} requests a second.
     *
     * @param log      interval histograms by kind (tagged), or null.
     * @param interval how often the timeline gets a point (and the log an interval).
     */
    Result run(final LoadTransport transport, final LoadMix mix, final long rate, final Duration warmUp, final Duration duration,
        final HistogramLogWriter log, final Duration interval, final Progress progress)
    {
        final double gapNanos = 1e9 / rate;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        origin = start - 1;
        measuredFrom = start + warmUp.toNanos();
        final long end = measuredFrom + duration.toNanos();
        final long firstMeasured = (long)Math.ceil(warmUp.toNanos() / gapNanos);
        final SplittableRandom random = new SplittableRandom(rate);
        final long paymentIds = System.currentTimeMillis() * 1_000_000L;
        final Intervals intervals = new Intervals(log, interval, progress, start);
        intervals.start();

        long sequence = 0;
        boolean sustained = true;
        try
        {
            long plannedAt = start;
            while (plannedAt < end)
            {
                final long now = System.nanoTime();
                if (plannedAt > now)
                {
                    transport.flush();
                    final long wait = plannedAt - now;
                    if (wait > PARK_THRESHOLD_NANOS)
                    {
                        LockSupport.parkNanos(wait - PARK_THRESHOLD_NANOS / 2);
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                    continue;
                }
                if (planned.get((int)(sequence & OUTSTANDING_MASK)) != 0)
                {
                    sustained = false;
                    break;
                }
                send(transport, mix, random, sequence, plannedAt, paymentIds);
                sequence++;
                plannedAt = start + (long)(sequence * gapNanos);
            }
            transport.flush();
            final long drainBy = System.nanoTime() + DRAIN_NANOS;
            while (completed.get() < sequence && System.nanoTime() < drainBy)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        finally
        {
            intervals.stop();
        }
        final long sent = Math.max(0, sequence - firstMeasured);
        final Histogram all = new Histogram(HIGHEST_NANOS, 3);
        intervals.totals.values().forEach(all::add);
        final Map<String, Long> reasons = new TreeMap<>();
        failures.forEach((why, count) -> reasons.put(why, count.sum()));
        return new Result(rate, duration, intervals.totals, all, sent, answered.sum(), refused.sum(), failed.sum(),
            sequence - completed.get(), reasons, intervals.timeline, sustained);
    }

    private void send(final LoadTransport transport, final LoadMix mix, final SplittableRandom random, final long sequence,
        final long plannedAt, final long paymentIds)
    {
        LoadKind kind = mix.pick(random);
        Decided payment = null;
        if (kind == LoadKind.OUTCOME || kind == LoadKind.LABEL)
        {
            payment = feedback.poll();
            if (payment == null)
            {
                kind = LoadKind.DECIDE;
            }
        }
        final int index = (int)(sequence & OUTSTANDING_MASK);
        kinds[index] = (byte)kind.ordinal();
        planned.set(index, plannedAt - origin);
        switch (kind)
        {
            case DECIDE -> transport.decide(sequence, random.nextInt(LoadTraffic.SLOTS), paymentIds + sequence);
            case QUOTE -> transport.quote(sequence, random.nextInt(LoadTraffic.SLOTS));
            case OUTCOME -> transport.outcome(sequence, payment, random.nextInt(10) < 9);
            case LABEL -> transport.label(sequence, payment);
            default -> throw new IllegalStateException("unreachable: " + kind);
        }
    }

    @Override
    public void answered(final long sequence)
    {
        final int index = (int)(sequence & OUTSTANDING_MASK);
        final long plannedAt = end(index);
        if (plannedAt == Long.MIN_VALUE)
        {
            return;
        }
        final long latency = Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - plannedAt));
        if (plannedAt - measuredFrom >= 0)
        {
            recorders[kinds[index]].recordValue(latency);
            answered.increment();
        }
        else
        {
            warmUpRecorder.recordValue(latency);
        }
    }

    @Override
    public void refused(final long sequence)
    {
        final long plannedAt = end((int)(sequence & OUTSTANDING_MASK));
        if (plannedAt != Long.MIN_VALUE && plannedAt - measuredFrom >= 0)
        {
            refused.increment();
        }
    }

    @Override
    public void failed(final long sequence, final String why)
    {
        final long plannedAt = end((int)(sequence & OUTSTANDING_MASK));
        if (plannedAt != Long.MIN_VALUE && plannedAt - measuredFrom >= 0)
        {
            failed.increment();
            if (failures.size() < 20 || failures.containsKey(why))
            {
                failures.computeIfAbsent(why.length() > 160 ? why.substring(0, 160) : why, key -> new LongAdder()).increment();
            }
        }
    }

    /**
     * Frees a request's slot.
     *
     * @return its planned send time; {@link Long#MIN_VALUE} if it had ended already.
     */
    private long end(final int index)
    {
        final long held = planned.getAndSet(index, 0);
        if (held == 0)
        {
            return Long.MIN_VALUE;
        }
        completed.incrementAndGet();
        return held + origin;
    }

    @Override
    public void decided(final Decided payment)
    {
        feedback.offer(payment);
    }

    /**
     * Progress while the load runs: a bar on a terminal, a line every ten intervals otherwise.
     */
    static final class Progress implements AutoCloseable
    {
        private final ProgressBar bar;
        private final PrintStream lines;
        private int ticks;

        Progress(final String task, final long seconds, final boolean shown, final PrintStream lines)
        {
            this.bar = shown && System.console() != null
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(seconds).setStyle(ProgressBarStyle.ASCII).setUnit(" s", 1)
                    .setUpdateIntervalMillis(500).build()
                : null;
            this.lines = shown ? lines : null;
        }

        void tick(final double second, final String status)
        {
            if (bar != null)
            {
                bar.stepTo((long)second);
                bar.setExtraMessage(" " + status);
            }
            else if (lines != null && ++ticks % 10 == 0)
            {
                lines.printf("  %5.0f s  %s%n", second, status);
            }
        }

        @Override
        public void close()
        {
            if (bar != null)
            {
                bar.close();
            }
        }
    }

    /**
     * Every interval: each kind's recorder swapped for its interval histogram, which goes to the log
     * (tagged with the kind), the timeline and, after the warm-up, the totals.
     */
    private final class Intervals implements Runnable
    {
        final Map<LoadKind, Histogram> totals = new EnumMap<>(LoadKind.class);
        final List<Interval> timeline = new ArrayList<>();
        private final HistogramLogWriter log;
        private final long intervalNanos;
        private final Progress progress;
        private final long start;
        private final Histogram[] recycled = new Histogram[KINDS.length];
        private final Thread thread = new Thread(this, "loadgen-intervals");
        private volatile boolean running = true;

        Intervals(final HistogramLogWriter log, final Duration interval, final Progress progress, final long start)
        {
            this.log = log;
            this.intervalNanos = interval.toNanos();
            this.progress = progress;
            this.start = start;
            thread.setDaemon(true);
        }

        void start()
        {
            thread.start();
        }

        void stop()
        {
            running = false;
            LockSupport.unpark(thread);
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            collect();
        }

        @Override
        public void run()
        {
            long next = start + intervalNanos;
            while (running)
            {
                LockSupport.parkNanos(next - System.nanoTime());
                if (running && System.nanoTime() >= next)
                {
                    collect();
                    next += intervalNanos;
                }
            }
        }

        private synchronized void collect()
        {
            final Histogram interval = new Histogram(HIGHEST_NANOS, 3);
            for (int i = 0; i < KINDS.length; i++)
            {
                recycled[i] = recorders[i].getIntervalHistogram(recycled[i]);
                if (recycled[i].getTotalCount() == 0)
                {
                    continue;
                }
                recycled[i].setTag(KINDS[i].label());
                if (log != null)
                {
                    log.outputIntervalHistogram(recycled[i]);
                }
                interval.add(recycled[i]);
                totals.computeIfAbsent(KINDS[i], kind -> new Histogram(HIGHEST_NANOS, 3)).add(recycled[i]);
            }
            warmUpRecorder.getIntervalHistogram();
            final double second = (System.nanoTime() - start) / 1e9;
            if (interval.getTotalCount() > 0)
            {
                timeline.add(new Interval(second, interval.getTotalCount(), interval.getValueAtPercentile(50),
                    interval.getValueAtPercentile(99), interval.getValueAtPercentile(99.9), interval.getMaxValue()));
            }
            if (progress != null)
            {
                progress.tick(second, interval.getTotalCount() == 0 ? "warming up"
                    : String.format("%,d answers, p99 %s", interval.getTotalCount(), LoadReport.time(interval.getValueAtPercentile(99))));
            }
        }
    }
}
