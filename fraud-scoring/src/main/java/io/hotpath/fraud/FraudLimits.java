package io.hotpath.fraud;

import io.hotpath.fraud.velocity.VelocityStore;

/**
 * How much fraud state one shard holds, preallocated at start.
 *
 * <p>The velocity store keeps a fixed number of keys (cards, customers, emails, IPs, devices, BINs,
 * all in one table): a new key past it evicts the key its clock hand points at, whose counts start
 * again from zero the next time it is seen. A store smaller than the keys a shard sees within its
 * longest window (a day) therefore undercounts, and every eviction costs the logic thread a slot
 * clear. Each key takes {@link VelocityStore#slotBytes()} bytes of heap and of every snapshot.
 *
 * <p>A limit reached is an answer (an evicted key counts from zero; a label past the last is
 * refused), so a replay must run with the limits the shard ran with, and a snapshot taken with
 * other limits is not restored: the shard rebuilds its state from its journal instead.
 *
 * @param velocityKeys keys the velocity store holds.
 * @param labels       labels that block a customer the shard holds, across its tenants, until a tenant's next fraud config.
 */
public record FraudLimits(int velocityKeys, int labels)
{
    /** Keys the velocity store holds by default: 15 MB of heap and of each snapshot a shard. */
    public static final int DEFAULT_VELOCITY_KEYS = 16_384;
    /** Most keys: a store of 1 GB a shard, and snapshots as large. */
    public static final int MAX_VELOCITY_KEYS = 1 << 20;
    /** Most labels: 32 MB a shard. */
    public static final int MAX_LABELS = 1 << 20;
    public static final FraudLimits DEFAULTS = new FraudLimits(DEFAULT_VELOCITY_KEYS, 1 << 18);

    public FraudLimits
    {
        if (velocityKeys < 1 || velocityKeys > MAX_VELOCITY_KEYS)
        {
            throw new IllegalArgumentException("hotpath.fraud.limits.velocity-keys must be in [1, " + MAX_VELOCITY_KEYS + "]: "
                + velocityKeys);
        }
        if (labels < 1 || labels > MAX_LABELS)
        {
            throw new IllegalArgumentException("hotpath.fraud.limits.labels must be in [1, " + MAX_LABELS + "]: " + labels);
        }
    }

    /**
     * @return heap one shard's velocity store takes.
     */
    public long velocityBytes()
    {
        return (long)velocityKeys * VelocityStore.slotBytes();
    }
}
