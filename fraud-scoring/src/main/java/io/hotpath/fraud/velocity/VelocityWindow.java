package io.hotpath.fraud.velocity;

/**
 * The sliding windows velocity is kept over, each a ring of time buckets: a window's count is the
 * sum of the buckets that overlap it, so it slides in steps of one bucket.
 */
public enum VelocityWindow
{
    MINUTE(60_000_000_000L, 12),
    HOUR(3_600_000_000_000L, 12),
    DAY(86_400_000_000_000L, 24);

    private final long nanos;
    private final int buckets;
    private final long bucketNanos;

    VelocityWindow(final long nanos, final int buckets)
    {
        this.nanos = nanos;
        this.buckets = buckets;
        this.bucketNanos = nanos / buckets;
    }

    public long nanos()
    {
        return nanos;
    }

    int buckets()
    {
        return buckets;
    }

    long bucketNanos()
    {
        return bucketNanos;
    }
}
