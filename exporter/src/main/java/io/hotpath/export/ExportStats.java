package io.hotpath.export;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * What one exporter has done, per shard of it: written by its thread, read by metrics scrapes,
 * health checks and the export command's report.
 */
public final class ExportStats
{
    private static final int TOPICS = Topic.values().length;

    private final int[] shards;
    private final AtomicLongArray events;
    private final AtomicLongArray poison;
    private final AtomicLongArray lagEntries;
    private final AtomicLongArray oldestUnpublishedNanos;
    private final AtomicLongArray engineSequence;
    private volatile long failures;
    private volatile long retries;
    private volatile long failingSince;
    private final Histogram commitLagMicros = new Histogram(3_600_000_000L, 3);

    ExportStats(final int[] shards)
    {
        this.shards = shards.clone();
        events = new AtomicLongArray(shards.length * TOPICS);
        poison = new AtomicLongArray(shards.length);
        lagEntries = new AtomicLongArray(shards.length);
        oldestUnpublishedNanos = new AtomicLongArray(shards.length);
        engineSequence = new AtomicLongArray(shards.length);
    }

    public int[] shards()
    {
        return shards.clone();
    }

    /**
     * @param i the shard's index among {@link #shards()}.
     */
    public long events(final int i, final Topic topic)
    {
        return events.get(i * TOPICS + topic.ordinal());
    }

    /**
     * @return events of every shard and topic published.
     */
    public long events()
    {
        long total = 0;
        for (int i = 0; i < events.length(); i++)
        {
            total += events.get(i);
        }
        return total;
    }

    public long poison(final int i)
    {
        return poison.get(i);
    }

    public long lagEntries(final int i)
    {
        return lagEntries.get(i);
    }

    /**
     * @return seconds from the release of the oldest result not yet published to now; 0 when caught up.
     */
    public double lagSeconds(final int i, final long nowEpochNanos)
    {
        final long oldest = oldestUnpublishedNanos.get(i);
        return oldest == 0 ? 0 : Math.max(0, nowEpochNanos - oldest) / 1e9;
    }

    /**
     * @return the engine sequence of the last command published or passed over.
     */
    public long engineSequence(final int i)
    {
        return engineSequence.get(i);
    }

    public long failures()
    {
        return failures;
    }

    public long retries()
    {
        return retries;
    }

    /**
     * @return {@link System#nanoTime()} of the first of the current run of failures; 0 when the sink is not failing.
     */
    public long failingSince()
    {
        return failingSince;
    }

    /**
     * @return a copy of the time from each event's command to its commit in the sink, in microseconds.
     */
    public synchronized Histogram commitLagMicros()
    {
        return commitLagMicros.copy();
    }

    void published(final int i, final List<ExportEvent> batch, final long committedEpochNanos)
    {
        synchronized (this)
        {
            for (final ExportEvent event : batch)
            {
                commitLagMicros.recordValue(Math.min(commitLagMicros.getHighestTrackableValue(),
                    Math.max(0, committedEpochNanos - event.commandTimeNanos()) / 1_000));
            }
        }
        for (final ExportEvent event : batch)
        {
            events.incrementAndGet(i * TOPICS + event.topic().ordinal());
        }
    }

    void poison(final int i, final long entries)
    {
        poison.addAndGet(i, entries);
    }

    /**
     * @param sequence    the engine sequence of the last command published or passed over.
     * @param entries     results journaled after it.
     * @param oldestNanos release time of the first of them, epoch nanoseconds; 0 when there is none.
     */
    void lag(final int i, final long sequence, final long entries, final long oldestNanos)
    {
        engineSequence.set(i, sequence);
        lagEntries.set(i, entries);
        oldestUnpublishedNanos.set(i, oldestNanos);
    }

    void failed(final boolean first)
    {
        failures++;
        if (!first)
        {
            retries++;
        }
    }

    void failingSince(final long nanoTime)
    {
        failingSince = nanoTime;
    }
}
