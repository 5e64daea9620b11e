package io.hotpath.fraud.model;

import io.hotpath.core.logic.AsciiText;

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
    private final byte[] versionAscii;
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
        this.versionAscii = AsciiText.of(version);
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
     * @return {@link #version()} as a result carries it ({@link AsciiText}); not to be modified.
     */
    public byte[] versionAscii()
    {
        return versionAscii;
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
        return probabilityOf(margin(features));
    }

    /**
     * @return the probability of the positive class at {@code margin}. StrictMath, so a replay on
     *         any JVM reproduces the score bit for bit.
     */
    public static double probabilityOf(final float margin)
    {
        return 1.0 / (1.0 + StrictMath.exp(-margin));
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
     * Walks every tree once, for a caller that wants both the score ({@link #margin(int[])}) and the
     * reasons ({@link #attribute(int[], float[])}) of one row without walking the trees twice.
     *
     * @param leaves at least {@link #treeCount()} slots: the leaf each tree reaches, in tree order.
     */
    public void leaves(final float[] features, final int[] leaves)
    {
        final int[] roots = this.roots;
        for (int t = 0; t < roots.length; t++)
        {
            leaves[t] = leaf(roots[t], features);
        }
    }

    /**
     * @param leaves what {@link #leaves} found for the row.
     * @return the raw score of the row, summed in tree order as {@link #margin(float[])} sums it.
     */
    public float margin(final int[] leaves)
    {
        float sum = baseMargin;
        for (int t = 0; t < roots.length; t++)
        {
            sum += value[leaves[t]];
        }
        return sum;
    }

    /**
     * Adds each tree's leaf weight to the feature the tree split on first, a cheap attribution used
     * for reason codes: which inputs pushed this score.
     *
     * @param leaves        what {@link #leaves} found for the row.
     * @param contributions {@link #featureCount()} slots, added to, not cleared.
     */
    public void attribute(final int[] leaves, final float[] contributions)
    {
        for (int t = 0; t < roots.length; t++)
        {
            final int root = roots[t];
            if (left[root] >= 0)
            {
                contributions[feature[root]] += value[leaves[t]];
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
