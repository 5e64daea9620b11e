package io.hotpath.fraud.rules;

import io.hotpath.core.logic.AsciiText;
import java.util.List;

/**
 * A tenant's compiled fraud rules, evaluated together for each payment.
 *
 * <pre>
 *   1. allow list hit, or an allow rule fired      ALLOW
 *   2. block list hit, or a block rule fired       BLOCK
 *   3. a challenge rule fired                      CHALLENGE (3-D Secure step-up)
 *   4. a review rule fired                         REVIEW
 *   5. nothing                                     ALLOW
 * </pre>
 *
 * Within a level the first rule in file order is the deciding one. Score rules add to the score
 * whatever the action. Shadow rules are evaluated and reported, and never act. Immutable;
 * {@link #evaluate} allocates nothing.
 */
public final class RuleSet
{
    private final FraudRule[] rules;
    private final byte[][] namesAscii;

    public RuleSet(final List<FraudRule> rules)
    {
        this.rules = rules.toArray(new FraudRule[0]);
        namesAscii = new byte[this.rules.length][];
        for (int i = 0; i < namesAscii.length; i++)
        {
            namesAscii[i] = AsciiText.of(this.rules[i].name());
        }
    }

    public int size()
    {
        return rules.length;
    }

    public FraudRule rule(final int index)
    {
        return rules[index];
    }

    /**
     * @return the name of rule {@code index} as a result carries it ({@link AsciiText}); not to be modified.
     */
    public byte[] nameAscii(final int index)
    {
        return namesAscii[index];
    }

    /**
     * @param inputs      rule inputs indexed by {@link RuleVariable}.
     * @param allowListed true when the payment is on an allow list.
     * @param blockListed true when it is on a block list.
     * @param verdict     receives the outcome; sized for at least {@link #size()} rules.
     */
    public void evaluate(final double[] inputs, final boolean allowListed, final boolean blockListed, final RuleVerdict verdict)
    {
        verdict.reset();
        int allow = -1;
        int block = -1;
        int challenge = -1;
        int review = -1;
        for (int i = 0; i < rules.length; i++)
        {
            final FraudRule rule = rules[i];
            if (!rule.fires(inputs))
            {
                continue;
            }
            if (rule.shadow())
            {
                verdict.shadowFired[verdict.shadowCount++] = i;
                continue;
            }
            verdict.fired[verdict.firedCount++] = i;
            switch (rule.action())
            {
                case ALLOW:
                    allow = allow < 0 ? i : allow;
                    break;
                case BLOCK:
                    block = block < 0 ? i : block;
                    break;
                case CHALLENGE:
                    challenge = challenge < 0 ? i : challenge;
                    break;
                case REVIEW:
                    review = review < 0 ? i : review;
                    break;
                case SCORE:
                default:
                    verdict.scoreDelta += rule.scoreDelta();
                    break;
            }
        }
        if (allowListed || allow >= 0)
        {
            decide(verdict, RuleAction.ALLOW, allowListed ? -1 : allow, allowListed);
        }
        else if (blockListed || block >= 0)
        {
            decide(verdict, RuleAction.BLOCK, blockListed ? -1 : block, blockListed);
        }
        else if (challenge >= 0)
        {
            decide(verdict, RuleAction.CHALLENGE, challenge, false);
        }
        else if (review >= 0)
        {
            decide(verdict, RuleAction.REVIEW, review, false);
        }
    }

    private static void decide(final RuleVerdict verdict, final RuleAction action, final int rule, final boolean byList)
    {
        verdict.action = action;
        verdict.decidingRule = rule;
        verdict.decidedByList = byList;
    }
}
