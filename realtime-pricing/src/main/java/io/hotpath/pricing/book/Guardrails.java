package io.hotpath.pricing.book;

/**
 * Limits every price respects.
 *
 * <pre>
 *   floor     = max(the SKU's floor, cost x (1 + minMargin)), rounded up
 *   ceiling   = the SKU's ceiling
 *   max change: the market price (base x demand x scarcity, after competitors) moves at most
 *               maxChange from where it stood when the current interval began
 * </pre>
 *
 * @param minMarginPpm   least margin over cost, parts per million.
 * @param maxChangePpm   largest move of the market price per interval, parts per million; 0 for no limit.
 * @param changeInterval nanoseconds.
 */
public record Guardrails(long minMarginPpm, long maxChangePpm, long changeInterval)
{
}
