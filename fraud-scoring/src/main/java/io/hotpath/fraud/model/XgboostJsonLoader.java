package io.hotpath.fraud.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a model saved by XGBoost in its JSON format ({@code booster.save_model("model.json")})
 * into a {@link TreeEnsemble}. Supported: {@code gbtree} boosters with the {@code binary:logistic}
 * objective and numerical splits, which is what the fraud model is.
 */
public final class XgboostJsonLoader
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private XgboostJsonLoader()
    {
    }

    /**
     * @param json    the model document.
     * @param version the version to report with every score.
     */
    public static TreeEnsemble load(final byte[] json, final String version) throws ModelFormatException
    {
        final JsonNode root;
        try
        {
            root = JSON.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new ModelFormatException("not JSON: " + ex.getMessage());
        }
        final JsonNode learner = required(root, "learner");
        final String objective = required(required(learner, "objective"), "name").asText();
        if (!"binary:logistic".equals(objective))
        {
            throw new ModelFormatException("learner.objective.name: must be binary:logistic, was " + objective);
        }
        final JsonNode booster = required(learner, "gradient_booster");
        if (!"gbtree".equals(required(booster, "name").asText()))
        {
            throw new ModelFormatException("learner.gradient_booster.name: must be gbtree, was " + booster.get("name").asText());
        }
        final JsonNode params = required(learner, "learner_model_param");
        final int featureCount = Integer.parseInt(required(params, "num_feature").asText());
        final FraudFeature[] inputs = featureMap(learner, featureCount);
        final double baseScore = Double.parseDouble(required(params, "base_score").asText().replace("[", "").replace("]", ""));
        if (!(baseScore > 0 && baseScore < 1))
        {
            throw new ModelFormatException("learner.learner_model_param.base_score: must be in (0, 1), was " + baseScore);
        }
        final JsonNode trees = required(required(booster, "model"), "trees");

        int nodes = 0;
        for (final JsonNode tree : trees)
        {
            nodes += required(tree, "left_children").size();
        }
        final int[] roots = new int[trees.size()];
        final int[] left = new int[nodes];
        final int[] right = new int[nodes];
        final int[] feature = new int[nodes];
        final float[] value = new float[nodes];
        final boolean[] defaultLeft = new boolean[nodes];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++)
        {
            final JsonNode tree = trees.get(t);
            final String where = "learner.gradient_booster.model.trees[" + t + "]";
            final JsonNode lefts = required(tree, "left_children");
            final JsonNode rights = required(tree, "right_children");
            final JsonNode splits = required(tree, "split_indices");
            final JsonNode conditions = required(tree, "split_conditions");
            final JsonNode defaults = required(tree, "default_left");
            final JsonNode types = tree.get("split_type");
            roots[t] = offset;
            for (int n = 0; n < lefts.size(); n++)
            {
                final int node = offset + n;
                final int l = lefts.get(n).asInt();
                if (l >= 0)
                {
                    if (types != null && types.size() > n && types.get(n).asInt() != 0)
                    {
                        throw new ModelFormatException(where + ".split_type[" + n + "]: only numerical splits are supported");
                    }
                    left[node] = offset + l;
                    right[node] = offset + rights.get(n).asInt();
                    feature[node] = splits.get(n).asInt();
                    if (feature[node] < 0 || feature[node] >= featureCount)
                    {
                        throw new ModelFormatException(where + ".split_indices[" + n + "]: feature " + feature[node]
                            + " is not below num_feature " + featureCount);
                    }
                    defaultLeft[node] = defaults.get(n).asBoolean() || defaults.get(n).asInt() != 0;
                }
                else
                {
                    left[node] = -1;
                    right[node] = -1;
                }
                value[node] = (float)conditions.get(n).asDouble();
            }
            checkIsATree(where, offset, lefts.size(), left, right);
            offset += lefts.size();
        }
        // XGBoost keeps base_score as a probability for binary:logistic and starts every margin at its logit.
        final float baseMargin = (float)-Math.log(1.0 / (float)baseScore - 1.0);
        return new TreeEnsemble(version, inputs, baseMargin, roots, left, right, feature, value, defaultLeft);
    }

    /**
     * Checks that the {@code size} nodes from {@code offset} form one tree from its first node: every child within the tree
     * and reached once. A child outside it would fail every score that reached it, and a cycle would never end its walk.
     */
    private static void checkIsATree(final String where, final int offset, final int size, final int[] left, final int[] right)
        throws ModelFormatException
    {
        if (size == 0)
        {
            throw new ModelFormatException(where + ": no nodes");
        }
        final boolean[] reached = new boolean[size];
        final int[] pending = new int[size];
        int count = 0;
        pending[count++] = 0;
        reached[0] = true;
        while (count > 0)
        {
            final int node = offset + pending[--count];
            if (left[node] < 0)
            {
                continue;
            }
            for (int side = 0; side < 2; side++)
            {
                final int child = (side == 0 ? left[node] : right[node]) - offset;
                if (child < 0 || child >= size)
                {
                    throw new ModelFormatException(where + ": a child " + child + " outside the tree's " + size + " nodes");
                }
                if (reached[child])
                {
                    throw new ModelFormatException(where + ": node " + child + " is reached twice");
                }
                reached[child] = true;
                pending[count++] = child;
            }
        }
    }

    /**
     * The model's feature map comes from the feature names it was trained with, so a model cannot
     * be fed inputs in an order it was not trained on.
     */
    private static FraudFeature[] featureMap(final JsonNode learner, final int featureCount) throws ModelFormatException
    {
        final JsonNode names = learner.get("feature_names");
        if (names == null || names.size() != featureCount)
        {
            throw new ModelFormatException("learner.feature_names: a fraud model must name its " + featureCount
                + " features (train it with feature names)");
        }
        final FraudFeature[] inputs = new FraudFeature[featureCount];
        for (int i = 0; i < featureCount; i++)
        {
            inputs[i] = FraudFeature.byModelName(names.get(i).asText());
            if (inputs[i] == null)
            {
                throw new ModelFormatException("learner.feature_names[" + i + "]: unknown feature \"" + names.get(i).asText() + "\"");
            }
        }
        return inputs;
    }

    private static JsonNode required(final JsonNode node, final String field) throws ModelFormatException
    {
        final JsonNode child = node.get(field);
        if (child == null || child.isNull())
        {
            throw new ModelFormatException("missing field " + field);
        }
        return child;
    }
}
