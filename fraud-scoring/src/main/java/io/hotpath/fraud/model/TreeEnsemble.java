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
 *
 * <p>A walk takes as many steps as its tree is deep, a leaf stepping to itself ({@link #step}), and {@link #leaves}
 * walks four trees side by side, each group for as many steps as its deepest tree. A walk that stops at a leaf ends on
 * a branch that depends on the row, which the core mispredicts about once a tree when rows differ from each other, as
 * payments do; four independent walks give it four chains of loads to overlap. On the shipped model and random rows
 * ({@code FraudModelBenchmark.hotpathEvaluator}) that took about 9% off a row (the README has the figures).
 * Evaluating feature by feature instead (QuickScorer) costs a step for every split whose test fails; a payment's
 * velocity counts, such as a busy BIN's hour, fail nearly every split on them, which made it slower on payments.
 */
public final class TreeEnsemble
{
    /** Ints a node takes in {@link #steps}. */
    private static final int STEP = 5;
    /** Trees {@link #leaves} walks side by side. */
    private static final int SIDE_BY_SIDE = 4;

    private final String version;
    private final byte[] versionAscii;
    private final FraudFeature[] inputs;
    private final int featureCount;
    private final float baseMargin;
    private final int[] roots;
    private final int[] left;
    private final int[] feature;
    private final float[] value;
    /**
     * Per node: its feature, its threshold's bits, then the node a value below the threshold goes to, the node any other
     * value goes to, and the node a missing one goes to; a leaf holds feature 0 and itself three times.
     */
    private final int[] steps;
    /** Per tree: the steps from its root to its deepest leaf. */
    private final int[] depths;
    /** Per group of {@link #SIDE_BY_SIDE} trees {@link #leaves} walks side by side: the deepest of their depths. */
    private final int[] groupDepths;

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
        this.feature = feature;
        this.value = value;
        this.steps = new int[left.length * STEP];
        for (int n = 0; n < left.length; n++)
        {
            final boolean leaf = left[n] < 0;
            final int at = n * STEP;
            steps[at] = leaf ? 0 : feature[n];
            steps[at + 1] = Float.floatToRawIntBits(value[n]);
            steps[at + 2] = leaf ? n : left[n];
            steps[at + 3] = leaf ? n : right[n];
            steps[at + 4] = leaf ? n : defaultLeft[n] ? left[n] : right[n];
        }
        this.depths = new int[roots.length];
        this.groupDepths = new int[roots.length / SIDE_BY_SIDE];
        for (int t = 0; t < roots.length; t++)
        {
            depths[t] = depthOf(roots[t], left, right);
            if (t / SIDE_BY_SIDE < groupDepths.length)
            {
                groupDepths[t / SIDE_BY_SIDE] = Math.max(groupDepths[t / SIDE_BY_SIDE], depths[t]);
            }
        }
    }

    private static int depthOf(final int node, final int[] left, final int[] right)
    {
        return left[node] < 0 ? 0 : 1 + Math.max(depthOf(left[node], left, right), depthOf(right[node], left, right));
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
        for (int t = 0; t < roots.length; t++)
        {
            sum += value[leaf(t, features)];
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
        int t = 0;
        for (int group = 0; group < groupDepths.length; group++, t += SIDE_BY_SIDE)
        {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            final int depth = groupDepths[group];
            for (int level = 0; level < depth; level++)
            {
                a = step(a, features);
                b = step(b, features);
                c = step(c, features);
                d = step(d, features);
            }
            leaves[t] = a;
            leaves[t + 1] = b;
            leaves[t + 2] = c;
            leaves[t + 3] = d;
        }
        for (; t < roots.length; t++)
        {
            leaves[t] = leaf(t, features);
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

    private int leaf(final int tree, final float[] features)
    {
        int node = roots[tree];
        final int depth = depths[tree];
        for (int level = 0; level < depth; level++)
        {
            node = step(node, features);
        }
        return node;
    }

    /**
     * @return the node the row goes to from {@code node}: {@code node} itself at a leaf. A missing value (NaN) fails the
     *         threshold's test, as every comparison with NaN does, so it takes the node's default way instead.
     */
    private int step(final int node, final float[] features)
    {
        final int at = node * STEP;
        final float x = features[steps[at]];
        final int next = x < Float.intBitsToFloat(steps[at + 1]) ? steps[at + 2] : steps[at + 3];
        return x != x ? steps[at + 4] : next;
    }
}
