package io.hotpath.core.logic;

import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The config each tenant has applied, per domain: its version, its hash, and the document itself
 * with its origin, so that a snapshot holds everything needed to parse it again.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
final class TenantConfigs
{
    static final long MISSING = Long.MIN_VALUE;

    /**
     * Takes back one config a snapshot held, to parse and apply it again.
     */
    @FunctionalInterface
    interface Reapply
    {
        void reapply(ConfigDomain domain, long tenantId, long version, byte[] config, String origin);
    }

    private static final ConfigDomain[] DOMAINS = ConfigDomain.values();

    /**
     * One domain's configs, by tenant.
     */
    private static final class Configs
    {
        final Long2LongHashMap versions;
        final Long2LongHashMap hashes;
        final Long2ObjectHashMap<byte[]> documents = new Long2ObjectHashMap<>();
        final Long2ObjectHashMap<String> origins = new Long2ObjectHashMap<>();

        Configs(final int maxTenants)
        {
            versions = new Long2LongHashMap(maxTenants * 2, 0.65f, MISSING);
            hashes = new Long2LongHashMap(maxTenants * 2, 0.65f, MISSING);
        }

        void clear()
        {
            versions.clear();
            hashes.clear();
            documents.clear();
            origins.clear();
        }
    }

    private final int maxTenants;
    private final Configs[] configs = new Configs[DOMAINS.length - 1];
    private final long[] sortedTenants;
    private int sortedCount;

    TenantConfigs(final int maxTenants)
    {
        this.maxTenants = maxTenants;
        for (int i = 0; i < configs.length; i++)
        {
            configs[i] = new Configs(maxTenants);
        }
        sortedTenants = new long[maxTenants];
    }

    /**
     * @return false if the tenant is new and the domain already holds {@code maxTenants} tenants.
     */
    boolean hasRoomFor(final ConfigDomain domain, final long tenantId)
    {
        final Long2LongHashMap versions = configs[domain.ordinal()].versions;
        return versions.get(tenantId) != MISSING || versions.size() < maxTenants;
    }

    /**
     * Records a tenant's config; call only after {@link #hasRoomFor} said yes.
     */
    void put(final ConfigDomain domain, final long tenantId, final long version, final long hash, final byte[] config,
        final String origin)
    {
        final Configs domainConfigs = configs[domain.ordinal()];
        domainConfigs.versions.put(tenantId, version);
        domainConfigs.hashes.put(tenantId, hash);
        domainConfigs.documents.put(tenantId, config);
        domainConfigs.origins.put(tenantId, origin);
    }

    long version(final ConfigDomain domain, final long tenantId)
    {
        return configs[domain.ordinal()].versions.get(tenantId);
    }

    /**
     * @return the hash of the tenant's config in {@code domain}, or {@link #MISSING}.
     */
    long hash(final ConfigDomain domain, final long tenantId)
    {
        return configs[domain.ordinal()].hashes.get(tenantId);
    }

    /**
     * Adds the whole table to {@code hasher} in tenant order, so equal tables hash equally however
     * they were filled.
     */
    void hashInto(final Fnv1a64 hasher)
    {
        for (final Configs domainConfigs : configs)
        {
            sortTenants(domainConfigs);
            hasher.add(sortedCount);
            for (int i = 0; i < sortedCount; i++)
            {
                final long tenantId = sortedTenants[i];
                hasher.add(tenantId).add(domainConfigs.versions.get(tenantId)).add(domainConfigs.hashes.get(tenantId));
            }
        }
    }

    /**
     * Writes, per domain in tenant order: tenant, version, hash, origin and the document.
     */
    void writeState(final StateWriter out)
    {
        out.putInt(configs.length);
        for (final Configs domainConfigs : configs)
        {
            sortTenants(domainConfigs);
            out.putInt(sortedCount);
            for (int i = 0; i < sortedCount; i++)
            {
                final long tenantId = sortedTenants[i];
                out.putLong(tenantId).putLong(domainConfigs.versions.get(tenantId)).putLong(domainConfigs.hashes.get(tenantId))
                    .putString(domainConfigs.origins.get(tenantId)).putBytes(domainConfigs.documents.get(tenantId));
            }
        }
    }

    /**
     * Replaces the table with what {@link #writeState} wrote, handing each config to {@code reapply}.
     */
    void readState(final StateReader in, final Reapply reapply)
    {
        in.expect(configs.length, "config domains");
        for (int d = 0; d < configs.length; d++)
        {
            configs[d].clear();
            final int count = in.getCount(maxTenants, "tenants");
            for (int i = 0; i < count; i++)
            {
                final long tenantId = in.getLong();
                final long version = in.getLong();
                final long hash = in.getLong();
                final String origin = in.getString();
                final byte[] config = in.getBytes();
                reapply.reapply(DOMAINS[d], tenantId, version, config, origin);
                put(DOMAINS[d], tenantId, version, hash, config, origin);
            }
        }
    }

    private void sortTenants(final Configs domainConfigs)
    {
        sortedCount = 0;
        final Long2LongHashMap.KeyIterator keys = domainConfigs.versions.keySet().iterator();
        while (keys.hasNext())
        {
            sortedTenants[sortedCount++] = keys.nextValue();
        }
        Arrays.sort(sortedTenants, 0, sortedCount);
    }
}
