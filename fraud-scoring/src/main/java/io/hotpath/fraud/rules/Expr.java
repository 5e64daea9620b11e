package io.hotpath.fraud.rules;

/**
 * A compiled rule expression over the rule inputs (indexed by {@link RuleVariable}); booleans are
 * 1 and 0. Immutable; evaluation allocates nothing.
 */
@FunctionalInterface
public interface Expr
{
    double eval(double[] inputs);

    static Expr constant(final double value)
    {
        return inputs -> value;
    }

    static Expr variable(final RuleVariable variable)
    {
        final int index = variable.ordinal();
        return inputs -> inputs[index];
    }

    static Expr not(final Expr operand)
    {
        return inputs -> operand.eval(inputs) != 0 ? 0 : 1;
    }

    static Expr and(final Expr left, final Expr right)
    {
        return inputs -> left.eval(inputs) != 0 && right.eval(inputs) != 0 ? 1 : 0;
    }

    static Expr or(final Expr left, final Expr right)
    {
        return inputs -> left.eval(inputs) != 0 || right.eval(inputs) != 0 ? 1 : 0;
    }

    static Expr compare(final Expr left, final String operator, final Expr right)
    {
        switch (operator)
        {
            case "<":
                return inputs -> left.eval(inputs) < right.eval(inputs) ? 1 : 0;
            case "<=":
                return inputs -> left.eval(inputs) <= right.eval(inputs) ? 1 : 0;
            case ">":
                return inputs -> left.eval(inputs) > right.eval(inputs) ? 1 : 0;
            case ">=":
                return inputs -> left.eval(inputs) >= right.eval(inputs) ? 1 : 0;
            case "==":
                return inputs -> left.eval(inputs) == right.eval(inputs) ? 1 : 0;
            case "!=":
            default:
                return inputs -> left.eval(inputs) != right.eval(inputs) ? 1 : 0;
        }
    }
}
