package io.hotpath.core.logic;

import io.hotpath.core.sbe.ConfigDomain;
import java.util.Arrays;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The config version and hash that each tenant has applied, per domain, in a fixed number of
 * tenant slots.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
final class TenantConfigs
{
    static final long MISSING = Long.MIN_VALUE;

    private final int maxTenants;
    private final Long2LongHashMap[] versions = new Long2LongHashMap[ConfigDomain.values().length - 1];
    private final Long2LongHashMap[] hashes = new Long2LongHashMap[versions.length];
    private final long[] sortedTenants;
    private int sortedCount;

    TenantConfigs(final int maxTenants)
    {
        this.maxTenants = maxTenants;
        for (int i = 0; i < versions.length; i++)
        {
            versions[i] = new Long2LongHashMap(maxTenants * 2, 0.65f, MISSING);
            hashes[i] = new Long2LongHashMap(maxTenants * 2, 0.65f, MISSING);
        }
        sortedTenants = new long[maxTenants];
    }

    /**
     * @return false if the tenant is new and the domain already holds {@code maxTenants} tenants.
     */
    boolean hasRoomFor(final ConfigDomain domain, final long tenantId)
    {
        final Long2LongHashMap domainVersions = versions[domain.ordinal()];
        return domainVersions.get(tenantId) != MISSING || domainVersions.size() < maxTenants;
    }

    /**
     * Records a tenant's config; call only after {@link #hasRoomFor} said yes.
     */
    void put(final ConfigDomain domain, final long tenantId, final long version, final long hash)
    {
        versions[domain.ordinal()].put(tenantId, version);
        hashes[domain.ordinal()].put(tenantId, hash);
    }

    long version(final ConfigDomain domain, final long tenantId)
    {
        return versions[domain.ordinal()].get(tenantId);
    }

    /**
     * Adds the whole table to {@code hasher} in tenant order, so equal tables hash equally however
     * they were filled.
     */
    void hashInto(final Fnv1a64 hasher)
    {
        for (int d = 0; d < versions.length; d++)
        {
            sortTenants(d);
            hasher.add(sortedCount);
            for (int i = 0; i < sortedCount; i++)
            {
                final long tenantId = sortedTenants[i];
                hasher.add(tenantId).add(versions[d].get(tenantId)).add(hashes[d].get(tenantId));
            }
        }
    }

    /**
     * Encodes the table in tenant order: per domain a count, then (tenant, version, hash) triples.
     *
     * @return the offset after the last byte written.
     */
    int encode(final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        for (int d = 0; d < versions.length; d++)
        {
            sortTenants(d);
            buffer.putInt(position, sortedCount);
            position += Integer.BYTES;
            for (int i = 0; i < sortedCount; i++)
            {
                final long tenantId = sortedTenants[i];
                buffer.putLong(position, tenantId);
                buffer.putLong(position + Long.BYTES, versions[d].get(tenantId));
                buffer.putLong(position + 2 * Long.BYTES, hashes[d].get(tenantId));
                position += 3 * Long.BYTES;
            }
        }
        return position;
    }

    private void sortTenants(final int domain)
    {
        sortedCount = 0;
        final Long2LongHashMap.KeyIterator keys = versions[domain].keySet().iterator();
        while (keys.hasNext())
        {
            sortedTenants[sortedCount++] = keys.nextValue();
        }
        Arrays.sort(sortedTenants, 0, sortedCount);
    }
}
