package io.hotpath.fraud;

import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.rules.RuleSet;

/**
 * One tenant's fraud setup: its rules, lists and model, and an optional shadow model scored side
 * by side. Swapped in whole on the logic thread; the lists change in place when a confirmed-fraud
 * label adds to the block list.
 *
 * @param rules               the rule set.
 * @param block               the block list.
 * @param allow               the allow list.
 * @param model               the model that scores.
 * @param shadowModel         a model scored beside it and reported, never acted on; may be null.
 * @param blockConfirmedFraud whether a confirmed-fraud label adds the card, email and device to the block list.
 */
public record FraudConfig(
    RuleSet rules,
    FraudList block,
    FraudList allow,
    TreeEnsemble model,
    TreeEnsemble shadowModel,
    boolean blockConfirmedFraud)
{
}
