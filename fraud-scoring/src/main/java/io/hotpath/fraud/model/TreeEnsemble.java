package io.hotpath.fraud.model;

/**
 * A gradient-boosted tree ensemble for binary classification, evaluated over flat arrays.
 *
 * <pre>
 *   node n of the ensemble (all trees' nodes in one set of arrays, tree t starting at roots[t]):
 *     left[n] == -1        leaf; value[n] is its weight
 *     otherwise            go to left[n] when features[feature[n]] &lt; value[n],
 *                          or when it is missing (NaN) and defaultLeft[n]; else to right[n]
 *
 *   margin      = baseMargin + sum over trees of the leaf reached (float, in tree order, as XGBoost sums)
 *   probability = 1 / (1 + e^-margin)
 * </pre>
 *
 * Features are floats, as XGBoost compares them. Immutable and thread-safe; evaluation allocates
 * nothing.
 */
public final class TreeEnsemble
{
    private final String version;
    private final FraudFeature[] inputs;
    private final int featureCount;
    private final float baseMargin;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] value;
    private final boolean[] defaultLeft;

    TreeEnsemble(
        final String version,
        final FraudFeature[] inputs,
        final float baseMargin,
        final int[] roots,
        final int[] left,
        final int[] right,
        final int[] feature,
        final float[] value,
        final boolean[] defaultLeft)
    {
        this.version = version;
        this.inputs = inputs;
        this.featureCount = inputs.length;
        this.baseMargin = baseMargin;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.value = value;
        this.defaultLeft = defaultLeft;
    }

    /**
     * @return the version the model was loaded as, reported with every score.
     */
    public String version()
    {
        return version;
    }

    /**
     * @return the model's feature map: the feature at each input position.
     */
    public FraudFeature[] inputs()
    {
        return inputs.clone();
    }

    /**
     * @return the feature at input position {@code i}.
     */
    public FraudFeature input(final int i)
    {
        return inputs[i];
    }

    public int featureCount()
    {
        return featureCount;
    }

    public int treeCount()
    {
        return roots.length;
    }

    /**
     * @param features {@link #featureCount()} values; NaN for missing.
     * @return the probability of the positive class.
     */
    public double probability(final float[] features)
    {
        return 1.0 / (1.0 + Math.exp(-margin(features)));
    }

    /**
     * @return the raw score (log-odds) before the logistic function.
     */
    public float margin(final float[] features)
    {
        float sum = baseMargin;
        for (final int root : roots)
        {
            sum += value[leaf(root, features)];
        }
        return sum;
    }

    /**
     * Adds each tree's leaf weight to the feature the tree split on first, a cheap attribution used
     * for reason codes: which inputs pushed this score.
     *
     * @param contributions {@link #featureCount()} slots, added to, not cleared.
     */
    public void attribute(final float[] features, final float[] contributions)
    {
        for (final int root : roots)
        {
            if (left[root] >= 0)
            {
                contributions[feature[root]] += value[leaf(root, features)];
            }
        }
    }

    private int leaf(final int root, final float[] features)
    {
        int node = root;
        while (left[node] >= 0)
        {
            final float x = features[feature[node]];
            final boolean goLeft = Float.isNaN(x) ? defaultLeft[node] : x < value[node];
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }
}
