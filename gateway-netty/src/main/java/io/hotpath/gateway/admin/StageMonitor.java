package io.hotpath.gateway.admin;

import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.Stage;
import io.hotpath.core.shard.StageLatency;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * The one reader of every shard's stage latency recorders: each tick it takes their interval
 * histograms (a destructive read) and adds them to a histogram per stage since the engine started,
 * to a window of the last ticks, and to Prometheus buckets per shard and stage, for the metrics
 * scrape, the latency page and the demo.
 *
 * <pre>
 *   shard recorders --tick--> interval --+--> since start   (count, sum, max; the demo's figures)
 *                                        +--> window slot   (the last windowTicks ticks: percentiles)
 *                                        +--> buckets       (per shard and stage: the /metrics histogram)
 * </pre>
 *
 * <p>Thread-safe: the tick and the readers synchronize on the monitor; the shards' recorders are
 * wait-free for their writers, so nothing here touches the hot path.
 */
public final class StageMonitor implements AutoCloseable
{
    private static final int SIGNIFICANT_DIGITS = 3;
    /** Enough for monitoring percentiles (1% resolution), at a sixteenth of the memory of three digits, int counts. */
    private static final int WINDOW_SIGNIFICANT_DIGITS = 2;

    private final ShardDirectory directory;
    private final Histogram[] sinceStart = new Histogram[Stage.values().length];
    private final AbstractHistogram[][] window;
    private final Histogram[] recycle;
    private final LatencyBuckets[] buckets;
    private final boolean[] seen;
    private final ScheduledExecutorService timer;
    private int slot;

    /**
     * @param tick        how often the shards' recorders are read.
     * @param windowTicks how many ticks the percentile window covers.
     */
    public StageMonitor(final ShardDirectory directory, final Duration tick, final int windowTicks)
    {
        this.directory = directory;
        window = new AbstractHistogram[Stage.values().length][windowTicks];
        recycle = new Histogram[directory.shardCount() * Stage.values().length];
        buckets = new LatencyBuckets[recycle.length];
        seen = new boolean[directory.shardCount()];
        for (int shardId = 0; shardId < directory.shardCount(); shardId++)
        {
            for (final Stage stage : Stage.values())
            {
                buckets[index(shardId, stage)] =
                    new LatencyBuckets(Labels.of("shard", Integer.toString(shardId), "stage", stage.name().toLowerCase(Locale.ROOT)));
            }
        }
        for (final Stage stage : Stage.values())
        {
            sinceStart[stage.ordinal()] = histogram();
            for (int i = 0; i < windowTicks; i++)
            {
                window[stage.ordinal()][i] = new IntCountsHistogram(1, StageLatency.HIGHEST_TRACKABLE_NANOS, WINDOW_SIGNIFICANT_DIGITS);
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "hotpath-stage-monitor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads every shard's recorders now.
     */
    public synchronized void tick()
    {
        slot = (slot + 1) % window[0].length;
        for (final Stage stage : Stage.values())
        {
            final AbstractHistogram current = window[stage.ordinal()][slot];
            current.reset();
            for (int shardId = 0; shardId < directory.shardCount(); shardId++)
            {
                final Shard shard = directory.shard(shardId);
                if (shard == null)
                {
                    continue;
                }
                final int index = index(shardId, stage);
                recycle[index] = shard.latency().intervalHistogram(stage, recycle[index]);
                current.add(recycle[index]);
                sinceStart[stage.ordinal()].add(recycle[index]);
                buckets[index].add(recycle[index]);
                seen[shardId] = true;
            }
        }
    }

    /**
     * @return a copy of what every shard recorded for {@code stage} since the engine started, as of the last tick.
     */
    public synchronized Histogram sinceStart(final Stage stage)
    {
        return sinceStart[stage.ordinal()].copy();
    }

    /**
     * @return a copy of what every shard recorded for {@code stage} in the window of the last ticks.
     */
    public synchronized Histogram recent(final Stage stage)
    {
        final Histogram merged = new Histogram(1, StageLatency.HIGHEST_TRACKABLE_NANOS, WINDOW_SIGNIFICANT_DIGITS);
        for (final AbstractHistogram interval : window[stage.ordinal()])
        {
            merged.add(interval);
        }
        return merged;
    }

    /**
     * @return the stage latency of every shard that has run here, as of the last tick: one data point per shard and stage.
     */
    public synchronized List<HistogramDataPointSnapshot> histograms()
    {
        final List<HistogramDataPointSnapshot> points = new ArrayList<>();
        for (int shardId = 0; shardId < seen.length; shardId++)
        {
            if (seen[shardId])
            {
                for (final Stage stage : Stage.values())
                {
                    points.add(buckets[index(shardId, stage)].snapshot());
                }
            }
        }
        return points;
    }

    /**
     * Keeps a sampled call's trace as the exemplar of one shard's stage; any thread, never waits.
     *
     * @param nanos the call's latency to the end of that stage.
     */
    public void offerExemplar(final int shardId, final Stage stage, final long nanos, final String traceId, final String spanId)
    {
        if (shardId >= 0 && shardId < seen.length)
        {
            buckets[index(shardId, stage)].offer(LatencyBuckets.exemplar(nanos, traceId, spanId));
        }
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
    }

    private static int index(final int shardId, final Stage stage)
    {
        return shardId * Stage.values().length + stage.ordinal();
    }

    private static Histogram histogram()
    {
        return new Histogram(1, StageLatency.HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }
}
