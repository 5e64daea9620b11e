package io.hotpath.fraud.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.testing.AllocationMeter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TreeEnsembleTest
{
    @Test
    void shouldReadTheFeatureMapTheModelWasTrainedWith() throws Exception
    {
        final TreeEnsemble model = defaultModel();
        assertThat(model.inputs()).containsExactly(FraudFeature.values());
        assertThat(model.version()).isEqualTo("default-1");
    }

    @Test
    void shouldEvaluateWithoutAllocating() throws Exception
    {
        final TreeEnsemble model = defaultModel();
        final SyntheticPayments rows = new SyntheticPayments(3, 1_000);
        final float[] row = new float[model.featureCount()];
        final float[] contributions = new float[model.featureCount()];
        final int[] leaves = new int[model.treeCount()];
        final double[] sink = new double[1];
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                sink[0] += model.probability(rows.row(i % rows.rows, row));
                model.leaves(row, leaves);
                model.attribute(leaves, contributions);
            }
        });
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
        assertThat(sink[0]).isPositive();
    }

    @Test
    void shouldRefuseTreesThatAreNotTrees() throws Exception
    {
        // The shipped model's first tree: node 0 splits into nodes 1 and 2.
        final String json = defaultJson();
        final String lefts = "\"left_children\":[";
        final int at = json.indexOf(lefts) + lefts.length();
        final String firstChild = json.substring(at, json.indexOf(',', at));
        assertThatThrownBy(() -> XgboostJsonLoader.load(
            (json.substring(0, at) + "5000" + json.substring(at + firstChild.length())).getBytes(StandardCharsets.UTF_8), "x"))
            .hasMessageStartingWith("learner.gradient_booster.model.trees[0]: a child 5000 outside the tree's");
        assertThatThrownBy(() -> XgboostJsonLoader.load(
            (json.substring(0, at) + "0" + json.substring(at + firstChild.length())).getBytes(StandardCharsets.UTF_8), "x"))
            .hasMessage("learner.gradient_booster.model.trees[0]: node 0 is reached twice");
    }

    @Test
    void shouldRefuseModelsItCannotEvaluateSayingWhy()
    {
        assertThatThrownBy(() -> XgboostJsonLoader.load("{".getBytes(StandardCharsets.UTF_8), "x"))
            .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> XgboostJsonLoader.load(
            "{\"learner\":{\"objective\":{\"name\":\"reg:squarederror\"}}}".getBytes(StandardCharsets.UTF_8), "x"))
            .hasMessage("learner.objective.name: must be binary:logistic, was reg:squarederror");
        assertThatThrownBy(() -> XgboostJsonLoader.load(defaultJson().replace("\"card_count_1h\"", "\"shoe_size\"")
            .getBytes(StandardCharsets.UTF_8), "x"))
            .hasMessage("learner.feature_names[2]: unknown feature \"shoe_size\"");
    }

    static TreeEnsemble defaultModel() throws Exception
    {
        return XgboostJsonLoader.load(defaultJson().getBytes(StandardCharsets.UTF_8), "default-1");
    }

    static String defaultJson() throws Exception
    {
        try (InputStream in = TreeEnsembleTest.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
