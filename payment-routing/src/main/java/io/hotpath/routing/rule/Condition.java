package io.hotpath.routing.rule;

/**
 * A test on a payment that a routing rule applies. Implementations are immutable, built from
 * config, and allocate nothing when tested.
 */
@FunctionalInterface
public interface Condition
{
    /** Matches every payment: a rule with no {@code when}. */
    Condition ALWAYS = payment -> true;

    boolean test(RouteView payment);
}
