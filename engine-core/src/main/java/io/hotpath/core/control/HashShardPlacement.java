package io.hotpath.core.control;

/**
 * Places tenants by a fixed 64-bit mix of the tenant id, so that consecutive ids spread evenly.
 *
 * @param shardCount number of shards, at least one.
 */
public record HashShardPlacement(int shardCount) implements ShardPlacement
{
    public HashShardPlacement
    {
        if (shardCount < 1)
        {
            throw new IllegalArgumentException("shardCount must be >= 1: " + shardCount);
        }
    }

    @Override
    public int shardOf(final long tenantId)
    {
        // The finaliser of SplitMix64: fixed constants, so placement never changes between releases.
        long z = tenantId + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z ^= z >>> 31;
        return (int)Long.remainderUnsigned(z, shardCount);
    }
}
