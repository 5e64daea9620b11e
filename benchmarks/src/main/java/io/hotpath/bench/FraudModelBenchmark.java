package io.hotpath.bench;

import io.hotpath.fraud.model.FraudFeature;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.model.XgboostJsonLoader;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shipped fraud model (80 trees, depth 5) on one row: the pure-Java evaluator as the fraud scorer runs it (the leaf
 * of every tree, then their sum and the logistic function) beside xgboost4j's own single-row prediction
 * ({@code inplace_predict}, its fastest path), on the same rows. The rows are random, so each differs from the one
 * before as payments do and the core cannot learn the trees' branches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FraudModelBenchmark
{
    private static final int ROWS = 1024;

    private final float[][] rows = new float[ROWS][FraudFeature.values().length];
    private TreeEnsemble ensemble;
    private int[] leaves;
    private Booster booster;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception
    {
        final byte[] json;
        try (InputStream in = FraudModelBenchmark.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            json = in.readAllBytes();
        }
        ensemble = XgboostJsonLoader.load(json, "default");
        leaves = new int[ensemble.treeCount()];
        booster = XGBoost.loadModel(json);
        final SplittableRandom random = new SplittableRandom(5);
        for (final float[] row : rows)
        {
            for (int f = 0; f < row.length; f++)
            {
                row[f] = (float)(random.nextDouble() * (f == 0 ? 500 : 10));
            }
        }
    }

    @Benchmark
    public double hotpathEvaluator()
    {
        ensemble.leaves(rows[next++ & (ROWS - 1)], leaves);
        return TreeEnsemble.probabilityOf(ensemble.margin(leaves));
    }

    @Benchmark
    public float xgboost4jInplacePredict() throws Exception
    {
        return booster.inplace_predict(rows[next++ & (ROWS - 1)], 1, FraudFeature.values().length, Float.NaN)[0][0];
    }
}
