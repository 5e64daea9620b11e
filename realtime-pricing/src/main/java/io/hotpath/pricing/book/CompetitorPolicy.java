package io.hotpath.pricing.book;

/**
 * What competitors' prices do to ours. Only prices younger than {@code maxAge} count, and of
 * those the lowest.
 *
 * <pre>
 *   MATCH:    never dearer than the lowest competitor less beatBy      (price <= lowest x (1 - beatBy))
 *   CEILING:  never dearer than the lowest competitor plus allowance   (price <= lowest x (1 + allowance))
 * </pre>
 *
 * Either way the floor still holds: matching a competitor never sells below it.
 *
 * @param mode      off, match or ceiling.
 * @param limitPpm  the multiplier on the lowest competitor price, parts per million.
 * @param maxAge    nanoseconds a competitor price counts for.
 */
public record CompetitorPolicy(Mode mode, long limitPpm, long maxAge)
{
    public static final CompetitorPolicy OFF = new CompetitorPolicy(Mode.OFF, 1_000_000, 0);

    public enum Mode
    {
        OFF,
        MATCH,
        CEILING
    }
}
