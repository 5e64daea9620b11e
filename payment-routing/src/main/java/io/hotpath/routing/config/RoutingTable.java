package io.hotpath.routing.config;

/**
 * One tenant's routing config, validated and ready to decide with. Immutable: a new config is a
 * new table, swapped in whole on the logic thread.
 *
 * @param version     the config version.
 * @param processors  the tenant's processors.
 * @param rules       rules in order; the first that matches applies.
 * @param fallback    the route when no rule matches.
 * @param health      circuit-breaker settings.
 * @param successRate success-rate window settings.
 */
public record RoutingTable(
    long version,
    Processor[] processors,
    Rule[] rules,
    RouteSpec fallback,
    HealthSettings health,
    SuccessRateSettings successRate)
{
    /**
     * @return the index of the processor with {@code key}, or -1.
     */
    public int processorIndex(final long key)
    {
        for (int i = 0; i < processors.length; i++)
        {
            if (processors[i].key() == key)
            {
                return i;
            }
        }
        return -1;
    }
}
