package io.hotpath.pricing.book;

/**
 * The demand multiplier: an exponentially weighted moving average of demand events, read as units
 * per hour, against a baseline.
 *
 * <pre>
 *   level  = sum of units, each weighed 2^(-age / halfLife)
 *   rate   = level x ln 2 / halfLife                      (units per hour)
 *   factor = 1 + sensitivity x (rate / baseline - 1), kept within [min, max]
 * </pre>
 *
 * A SKU with no demand event yet has factor 1.
 *
 * @param halfLife    nanoseconds after which a unit of demand weighs half.
 * @param baseline    units per hour, millionths, for SKUs that give none.
 * @param sensitivity millionths: 0.5 turns demand at twice the baseline into a factor of 1.5.
 * @param minPpm      lowest factor, parts per million.
 * @param maxPpm      highest factor, parts per million.
 */
public record DemandSettings(long halfLife, long baseline, long sensitivity, long minPpm, long maxPpm)
{
}
