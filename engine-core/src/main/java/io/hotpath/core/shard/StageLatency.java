package io.hotpath.core.shard;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency of each {@link Stage}, measured from publish, in nanoseconds.
 *
 * <p>Each stage is recorded by its own handler thread only, so single-writer recorders suffice and
 * recording is wait-free and allocation-free. Readers take interval histograms from any thread.
 */
public final class StageLatency
{
    /** Values above this (one minute) are clamped, so an outlier cannot throw on the hot path. */
    public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[Stage.values().length];

    public StageLatency()
    {
        for (int i = 0; i < recorders.length; i++)
        {
            recorders[i] = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        }
    }

    void record(final Stage stage, final long publishedAt, final long stageAt)
    {
        final long value = stageAt - publishedAt;
        recorders[stage.ordinal()].recordValue(Math.max(1, Math.min(value, HIGHEST_TRACKABLE_NANOS)));
    }

    /**
     * @param recycle a histogram from an earlier call, or null.
     * @return the values recorded for {@code stage} since the last call for it.
     */
    public Histogram intervalHistogram(final Stage stage, final Histogram recycle)
    {
        return recorders[stage.ordinal()].getIntervalHistogram(recycle);
    }
}
