package io.hotpath.routing.config;

/**
 * The success-rate windows of a tenant. Rates are parts per million; times are nanoseconds of
 * command time.
 *
 * @param buckets          buckets per window.
 * @param bucketSize       outcomes a bucket holds before the next one starts.
 * @param bucketNanos      time a bucket covers before the next one starts.
 * @param weightsPpm       recency weight of a bucket by age (0 = newest), parts per million.
 * @param minSamples       outcomes in a window below which {@code defaultRatePpm} is used.
 * @param defaultRatePpm   success rate assumed below {@code minSamples}.
 * @param explorationPpm   share of success-rate decisions that try a candidate other than the best.
 * @param segment          bit set of the payment fields a window is kept per, see {@link #SEGMENT_NETWORK}.
 */
public record SuccessRateSettings(
    int buckets,
    int bucketSize,
    long bucketNanos,
    long[] weightsPpm,
    int minSamples,
    int defaultRatePpm,
    int explorationPpm,
    int segment)
{
    public static final int SEGMENT_NETWORK = 1;
    public static final int SEGMENT_CARD_TYPE = 2;
    public static final int SEGMENT_CURRENCY = 4;
    public static final int SEGMENT_ISSUER_COUNTRY = 8;
}
