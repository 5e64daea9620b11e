package io.hotpath.fraud.rules;

/**
 * What a rule set decided for one payment. Reused for every payment: not thread-safe.
 */
public final class RuleVerdict
{
    RuleAction action = RuleAction.ALLOW;
    int decidingRule = -1;
    boolean decidedByList;
    int scoreDelta;
    final int[] fired;
    int firedCount;
    final int[] shadowFired;
    int shadowCount;

    public RuleVerdict(final int maxRules)
    {
        fired = new int[maxRules];
        shadowFired = new int[maxRules];
    }

    /**
     * @return ALLOW, BLOCK, CHALLENGE or REVIEW.
     */
    public RuleAction action()
    {
        return action;
    }

    /**
     * @return the index of the rule that set the action, or -1 when a list did or nothing fired.
     */
    public int decidingRule()
    {
        return decidingRule;
    }

    /**
     * @return true when an allow or block list set the action.
     */
    public boolean decidedByList()
    {
        return decidedByList;
    }

    /**
     * @return the sum of the fired score rules.
     */
    public int scoreDelta()
    {
        return scoreDelta;
    }

    public int firedCount()
    {
        return firedCount;
    }

    /**
     * @return the index of the {@code i}th rule that fired and acts.
     */
    public int fired(final int i)
    {
        return fired[i];
    }

    public int shadowCount()
    {
        return shadowCount;
    }

    /**
     * @return the index of the {@code i}th shadow rule that fired.
     */
    public int shadowFired(final int i)
    {
        return shadowFired[i];
    }

    void reset()
    {
        action = RuleAction.ALLOW;
        decidingRule = -1;
        decidedByList = false;
        scoreDelta = 0;
        firedCount = 0;
        shadowCount = 0;
    }
}
