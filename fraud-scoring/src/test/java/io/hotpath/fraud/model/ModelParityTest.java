package io.hotpath.fraud.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pure-Java evaluator gives XGBoost's own predictions, within 1e-6, on rows it was not
 * trained on, with missing values, for a model trained here and for the model the project ships;
 * and every tree's walk ends on the leaf XGBoost's own walk ends on, on those rows and on rows that
 * sit exactly on, and just either side of, every threshold the model holds.
 */
@Timeout(300)
class ModelParityTest
{
    private static final int EVALUATION_ROWS = 20_000;
    private static final double TOLERANCE = 1e-6;

    @Test
    void shouldPredictAsXgboostDoesForAModelTrainedHere() throws Exception
    {
        final Booster booster = XgboostTrainer.train(new SyntheticPayments(7, 20_000), 60);
        final TreeEnsemble ensemble = XgboostJsonLoader.load(XgboostTrainer.json(booster), "test");

        assertThat(ensemble.treeCount()).isEqualTo(60);
        assertThat(maxDifference(booster, ensemble, new SyntheticPayments(8, EVALUATION_ROWS))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void shouldPredictAsXgboostDoesForTheShippedDefaultModel() throws Exception
    {
        final byte[] json;
        try (InputStream in = ModelParityTest.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            json = in.readAllBytes();
        }
        final Booster booster = XGBoost.loadModel(json);
        final TreeEnsemble ensemble = XgboostJsonLoader.load(json, "default");

        assertThat(maxDifference(booster, ensemble, new SyntheticPayments(9, EVALUATION_ROWS))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void shouldReachTheLeavesXgboostReachesForTheShippedDefaultModel() throws Exception
    {
        final byte[] json;
        try (InputStream in = ModelParityTest.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            json = in.readAllBytes();
        }

        assertSameLeaves(XGBoost.loadModel(json), json, XgboostJsonLoader.load(json, "default"));
    }

    @Test
    void shouldReachTheLeavesXgboostReachesWhenTreesDifferInDepthAndDoNotFillAGroup() throws Exception
    {
        // 62 trees: the last two are walked on their own, after fifteen groups of four; pruned, so some end early.
        final Booster booster = XgboostTrainer.train(new SyntheticPayments(7, 20_000), 62, 2.0);
        final byte[] json = XgboostTrainer.json(booster);
        final TreeEnsemble ensemble = XgboostJsonLoader.load(json, "test");

        assertThat(ensemble.treeCount()).isEqualTo(62);
        assertThat(depths(json)).as("trees of more than one depth").hasSizeGreaterThan(1);
        assertSameLeaves(booster, json, ensemble);
    }

    /**
     * Compares the leaf of every tree, for rows from the synthetic payments and for edge rows: each of the model's
     * thresholds, and the floats either side of it, put into its feature of a synthetic row, that feature missing, and
     * signed zeros.
     */
    private static void assertSameLeaves(final Booster booster, final byte[] json, final TreeEnsemble ensemble) throws Exception
    {
        final int width = SyntheticPayments.FEATURE_NAMES.length;
        final SyntheticPayments payments = new SyntheticPayments(11, 2_000);
        final List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < payments.rows; r++)
        {
            rows.add(payments.row(r, new float[width]));
        }
        final JsonNode trees = new ObjectMapper().readTree(json).at("/learner/gradient_booster/model/trees");
        int edge = 0;
        for (final JsonNode tree : trees)
        {
            for (int n = 0; n < tree.get("left_children").size(); n++)
            {
                if (tree.get("left_children").get(n).asInt() < 0)
                {
                    continue;
                }
                final int feature = tree.get("split_indices").get(n).asInt();
                final float threshold = tree.get("split_conditions").get(n).floatValue();
                for (final float x : new float[] {threshold, Math.nextDown(threshold), Math.nextUp(threshold), Float.NaN})
                {
                    final float[] row = payments.row(edge++ % payments.rows, new float[width]);
                    row[feature] = x;
                    rows.add(row);
                }
            }
        }
        final float[] zeros = new float[width];
        rows.add(zeros);
        final float[] negativeZeros = new float[width];
        Arrays.fill(negativeZeros, -0.0f);
        rows.add(negativeZeros);

        final float[] flat = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++)
        {
            System.arraycopy(rows.get(r), 0, flat, r * width, width);
        }
        final float[][] expected = booster.predictLeaf(new DMatrix(flat, rows.size(), width, Float.NaN), 0);
        final int[] leaves = new int[ensemble.treeCount()];
        final int[] roots = new int[trees.size()];
        for (int t = 1; t < roots.length; t++)
        {
            roots[t] = roots[t - 1] + trees.get(t - 1).get("left_children").size();
        }
        int compared = 0;
        for (int r = 0; r < rows.size(); r++)
        {
            ensemble.leaves(rows.get(r), leaves);
            for (int t = 0; t < leaves.length; t++)
            {
                assertThat(leaves[t] - roots[t]).as("row %d, tree %d", r, t).isEqualTo((int)expected[r][t]);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(rows.size() * trees.size());
    }

    private static Set<Integer> depths(final byte[] json) throws Exception
    {
        final Set<Integer> depths = new TreeSet<>();
        for (final JsonNode tree : new ObjectMapper().readTree(json).at("/learner/gradient_booster/model/trees"))
        {
            depths.add(depth(tree, 0));
        }
        return depths;
    }

    private static int depth(final JsonNode tree, final int node)
    {
        final int left = tree.get("left_children").get(node).asInt();
        return left < 0 ? 0 : 1 + Math.max(depth(tree, left), depth(tree, tree.get("right_children").get(node).asInt()));
    }

    private static double maxDifference(final Booster booster, final TreeEnsemble ensemble, final SyntheticPayments rows)
        throws Exception
    {
        final float[][] expected = booster.predict(XgboostTrainer.matrix(rows));
        final float[] row = new float[SyntheticPayments.FEATURE_NAMES.length];
        double max = 0;
        int positives = 0;
        for (int r = 0; r < rows.rows; r++)
        {
            final double actual = ensemble.probability(rows.row(r, row));
            max = Math.max(max, Math.abs(actual - expected[r][0]));
            positives += actual > 0.5 ? 1 : 0;
        }
        // A model that learned nothing would pass trivially; this one must find the fraud.
        assertThat(positives).as("rows scored as fraud").isBetween(rows.rows / 40, rows.rows / 10);
        return max;
    }
}
