package io.hotpath.routing.config;

/**
 * The circuit breaker of every processor of a tenant. Rates are parts per million; times are
 * nanoseconds of command time.
 *
 * @param windowNanos      how far back outcomes count.
 * @param buckets          slices of the window.
 * @param minCalls         outcomes in the window before rates may open the breaker.
 * @param errorRatePpm     error share that opens it.
 * @param timeoutRatePpm   timeout share that opens it.
 * @param declineRatePpm   decline share that opens it.
 * @param openNanos        how long it stays open before probing.
 * @param probeSharePpm    share of payments offered to a half-open processor.
 * @param probesToClose    successful probes that close it again.
 * @param slowCallMicros   an answer at least this slow counts as a timeout; 0 turns this off.
 */
public record HealthSettings(
    long windowNanos,
    int buckets,
    int minCalls,
    int errorRatePpm,
    int timeoutRatePpm,
    int declineRatePpm,
    long openNanos,
    int probeSharePpm,
    int probesToClose,
    long slowCallMicros)
{
}
