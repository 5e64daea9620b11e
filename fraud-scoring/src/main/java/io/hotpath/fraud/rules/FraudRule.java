package io.hotpath.fraud.rules;

/**
 * One compiled fraud rule. Immutable.
 *
 * @param name       the rule's name, reported when it fires.
 * @param line       the line it was written on.
 * @param action     what it does.
 * @param scoreDelta for {@code SCORE} rules, what it adds to the score (may be negative).
 * @param shadow     evaluated and reported, never acted on.
 * @param condition  when it fires.
 */
public record FraudRule(String name, int line, RuleAction action, int scoreDelta, boolean shadow, Expr condition)
{
    public boolean fires(final double[] inputs)
    {
        return condition.eval(inputs) != 0;
    }
}
