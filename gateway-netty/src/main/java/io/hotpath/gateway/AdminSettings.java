package io.hotpath.gateway;

import com.typesafe.config.Config;
import io.hotpath.gateway.admin.GrpcLatency;

/**
 * The {@code hotpath.admin} block: where the HTTP admin endpoint (health, metrics, latency) listens.
 *
 * @param host         address it binds.
 * @param port         its port; 0 picks a free one; -1 turns the endpoint off.
 * @param tenantLabels tenants whose gRPC latency is labelled by tenant ({@code metrics.tenant-labels}); empty for none.
 */
public record AdminSettings(String host, int port, long[] tenantLabels)
{
    public AdminSettings
    {
        if (port < -1 || port > 65535)
        {
            throw new IllegalArgumentException("hotpath.admin.port must be -1 (off) or in [0, 65535]: " + port);
        }
        if (tenantLabels.length > GrpcLatency.MAX_TENANT_LABELS)
        {
            throw new IllegalArgumentException("hotpath.admin.metrics.tenant-labels: at most " + GrpcLatency.MAX_TENANT_LABELS
                + " tenants (each multiplies the latency series), " + tenantLabels.length + " were named");
        }
        for (final long tenant : tenantLabels)
        {
            if (tenant <= 0)
            {
                throw new IllegalArgumentException("hotpath.admin.metrics.tenant-labels: tenant ids are > 0, was " + tenant);
            }
        }
        tenantLabels = tenantLabels.clone();
    }

    public AdminSettings(final String host, final int port)
    {
        this(host, port, new long[0]);
    }

    public static AdminSettings from(final Config admin)
    {
        final long[] tenants = admin.getLongList("metrics.tenant-labels").stream().mapToLong(Long::longValue).toArray();
        return new AdminSettings(admin.getString("host"), admin.getInt("port"), tenants);
    }

    @Override
    public long[] tenantLabels()
    {
        return tenantLabels.clone();
    }

    public boolean enabled()
    {
        return port >= 0;
    }
}
