package io.hotpath.routing;

/**
 * How much routing state one shard holds. Past a limit the oldest entries give way (counted),
 * never the heap.
 *
 * @param maxWindows  success-rate windows: (tenant, processor, segment) triples.
 * @param maxBreakers circuit breakers: (tenant, processor) pairs.
 * @param maxPayments payments with an open cascade.
 */
public record RoutingLimits(int maxWindows, int maxBreakers, int maxPayments)
{
    public static final RoutingLimits DEFAULTS = new RoutingLimits(16_384, 4_096, 65_536);

    public RoutingLimits
    {
        if (maxWindows < 1 || maxBreakers < 1 || maxPayments < 1)
        {
            throw new IllegalArgumentException("routing limits must be >= 1");
        }
    }
}
