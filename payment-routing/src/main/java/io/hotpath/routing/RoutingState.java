package io.hotpath.routing;

import io.hotpath.core.state.Mix;
import io.hotpath.routing.config.RoutingTable;
import io.hotpath.routing.state.Cascades;
import io.hotpath.routing.state.CircuitBreakers;
import io.hotpath.routing.state.SuccessWindows;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Everything routing remembers in one shard: each tenant's config, success-rate windows, circuit
 * breakers and open cascades. Preallocated to {@link RoutingLimits}.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
final class RoutingState
{
    final Long2ObjectHashMap<RoutingTable> tables = new Long2ObjectHashMap<>();
    final SuccessWindows windows;
    final CircuitBreakers breakers;
    final Cascades cascades;

    RoutingState(final RoutingLimits limits)
    {
        windows = new SuccessWindows(limits.maxWindows());
        breakers = new CircuitBreakers(limits.maxBreakers());
        cascades = new Cascades(limits.maxPayments());
    }

    static long breakerKey(final long tenantId, final long processorKey)
    {
        return Mix.of(tenantId, processorKey);
    }

    static long windowKey(final long tenantId, final long processorKey, final long segment)
    {
        return Mix.of(tenantId, processorKey, segment);
    }

    static long paymentKey(final long tenantId, final long paymentId)
    {
        return Mix.of(tenantId, ~paymentId);
    }
}
