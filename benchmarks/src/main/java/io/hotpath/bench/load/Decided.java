package io.hotpath.bench.load;

/**
 * A payment the engine decided and routed during the run, for feedback on it.
 *
 * @param processor    the first processor offered, by name (gRPC) ...
 * @param processorKey ... or by key (binary front).
 * @param fingerprint  the card fingerprint the payment was sent with, 16 hexadecimal digits.
 */
record Decided(long tenantId, long paymentId, String processor, long processorKey, String fingerprint)
{
}
