/**
 * Real-time pricing: price books, price rules, dynamic multipliers, FX, quotes and price streams.
 *
 * <p>The pricing engine arrives with its own issue; this module fixes its place in the build: it
 * depends on engine-core alone, and the gateway depends on it.
 */
package io.hotpath.pricing;
