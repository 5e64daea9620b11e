/**
 * Payment routing: per-tenant processor registries, ordered routing rules, volume split,
 * success-rate and cost-aware ranking, processor health and cascading.
 *
 * <p>The routing engine arrives with its own issue; this module fixes its place in the build:
 * it depends on engine-core alone, and the gateway depends on it.
 */
package io.hotpath.routing;
