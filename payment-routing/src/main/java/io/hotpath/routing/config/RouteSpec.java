package io.hotpath.routing.config;

import io.hotpath.core.sbe.RouteStrategy;

/**
 * What a rule, or the default, routes to: candidate processors and how to order them. Immutable.
 *
 * @param strategy   how to order the candidates.
 * @param processors indices into the table's processors, in config order (the order for {@code PRIORITY}).
 * @param weights    for {@code VOLUME_SPLIT}: each candidate's weight; otherwise empty.
 */
public record RouteSpec(RouteStrategy strategy, int[] processors, int[] weights)
{
}
