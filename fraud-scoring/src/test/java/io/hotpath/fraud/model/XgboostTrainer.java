package io.hotpath.fraud.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a fraud model on {@link SyntheticPayments} with XGBoost itself. Run as a program it
 * writes the model the project ships:
 *
 * <pre>
 *   mvn -q -pl fraud-scoring test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=io.hotpath.fraud.model.XgboostTrainer \
 *       -Dexec.args=fraud-scoring/src/main/resources/models/default-fraud-model.json
 * </pre>
 */
public final class XgboostTrainer
{
    static final long TRAINING_SEED = 20261122L;
    static final int TRAINING_ROWS = 40_000;

    private XgboostTrainer()
    {
    }

    static Booster train(final SyntheticPayments data, final int rounds) throws XGBoostError
    {
        return train(data, rounds, 0);
    }

    /**
     * @param minSplitLoss XGBoost's {@code gamma}: above 0, splits that gain less are pruned, so trees end at more than one
     *                     depth.
     */
    static Booster train(final SyntheticPayments data, final int rounds, final double minSplitLoss) throws XGBoostError
    {
        final DMatrix matrix = matrix(data);
        matrix.setLabel(data.labels);
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", 5);
        params.put("eta", 0.15);
        params.put("subsample", 1.0);
        params.put("nthread", 1);
        params.put("seed", 1);
        params.put("tree_method", "hist");
        params.put("eval_metric", "auc");
        params.put("gamma", minSplitLoss);
        return XGBoost.train(matrix, params, rounds, new HashMap<>(), null, null);
    }

    static DMatrix matrix(final SyntheticPayments data) throws XGBoostError
    {
        final DMatrix matrix = new DMatrix(data.features, data.rows, SyntheticPayments.FEATURE_NAMES.length, Float.NaN);
        matrix.setFeatureNames(SyntheticPayments.FEATURE_NAMES);
        return matrix;
    }

    static byte[] json(final Booster booster) throws XGBoostError, IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        booster.saveModel(out, "json");
        return out.toByteArray();
    }

    public static void main(final String[] args) throws Exception
    {
        final Booster booster = train(new SyntheticPayments(TRAINING_SEED, TRAINING_ROWS), 80);
        final Path target = Path.of(args[0]);
        Files.createDirectories(target.getParent());
        Files.write(target, json(booster));
        System.out.println("wrote " + target);
    }
}
