/**
 * Fraud scoring: velocity features, block and allow lists, rules, a gradient-boosted tree model and
 * the scorer.
 *
 * <p>The scorer arrives with its own issue; this module fixes its place in the build: it depends on
 * engine-core alone, and the gateway depends on it.
 */
package io.hotpath.fraud;
