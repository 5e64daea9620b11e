package io.hotpath.routing.config;

import io.hotpath.routing.rule.Condition;

/**
 * One routing rule: when its condition matches, its route applies. Immutable.
 *
 * @param name      the rule's name, reported in decisions.
 * @param nameBytes the name as ASCII bytes.
 * @param when      the condition.
 * @param route     the route.
 */
public record Rule(String name, byte[] nameBytes, Condition when, RouteSpec route)
{
}
