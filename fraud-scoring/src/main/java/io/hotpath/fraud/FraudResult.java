package io.hotpath.fraud;

import io.hotpath.fraud.model.FraudFeature;
import io.hotpath.fraud.rules.RuleAction;
import io.hotpath.fraud.rules.RuleVerdict;

/**
 * The fraud assessment of one payment: score, action and why. Reused for every payment: not
 * thread-safe; read it before scoring the next.
 */
public final class FraudResult
{
    /** How many contributing features a result names. */
    public static final int TOP_FEATURES = 3;

    int score;
    int modelScore;
    int shadowModelScore = -1;
    final RuleVerdict verdict;
    final FraudFeature[] topFeatures = new FraudFeature[TOP_FEATURES];
    int topFeatureCount;

    public FraudResult(final int maxRules)
    {
        verdict = new RuleVerdict(maxRules);
    }

    /**
     * @return the risk score, 0 to 1000: the model's, plus what score rules added.
     */
    public int score()
    {
        return score;
    }

    /**
     * @return the model's score alone, 0 to 1000.
     */
    public int modelScore()
    {
        return modelScore;
    }

    /**
     * @return the shadow model's score, or -1 when the tenant has none.
     */
    public int shadowModelScore()
    {
        return shadowModelScore;
    }

    public RuleAction action()
    {
        return verdict.action();
    }

    /**
     * @return which rules fired and which decided.
     */
    public RuleVerdict rules()
    {
        return verdict;
    }

    public int topFeatureCount()
    {
        return topFeatureCount;
    }

    /**
     * @return the {@code i}th feature that pushed the score up most.
     */
    public FraudFeature topFeature(final int i)
    {
        return topFeatures[i];
    }
}
