/**
 * Real-time pricing: price books, price lists by segment and channel, quantity tiers, promotions,
 * demand, scarcity and competitor signals, guardrails, FX with spreads and price endings, quotes
 * honoured exactly, and streamed prices. Plain single-threaded Java over engine-core's
 * flyweights; {@link io.hotpath.pricing.PricingLogic} is its one entry point for a shard.
 */
package io.hotpath.pricing;
