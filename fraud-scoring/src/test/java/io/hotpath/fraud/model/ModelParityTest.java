package io.hotpath.fraud.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pure-Java evaluator gives XGBoost's own predictions, within 1e-6, on rows it was not
 * trained on, with missing values, for a model trained here and for the model the project ships.
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
