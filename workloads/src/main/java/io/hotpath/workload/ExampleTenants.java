package io.hotpath.workload;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Sets tenants up with the shipped example configs through the control plane, as an operator would:
 * the routing config (5 processors, 7 rules), the fraud config (rules, lists, the shipped model) and
 * the price book with the FX rates its currencies need. For the demo and the load generator.
 */
public final class ExampleTenants
{
    public static final String ROUTING = "routing-example.conf";
    public static final String FRAUD = "fraud-example.conf";
    public static final String PRICING = "pricing-example.conf";

    private ExampleTenants()
    {
    }

    /**
     * Applies the routing and fraud configs to tenants 1 to {@code tenants}.
     */
    public static void applyConfigs(final Channel channel, final int tenants)
    {
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(channel);
        for (int tenant = 1; tenant <= tenants; tenant++)
        {
            apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_ROUTING, ROUTING);
            apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_FRAUD, FRAUD);
        }
    }

    /**
     * Applies the price book to tenants 1 to {@code tenants} and publishes their FX rates.
     */
    public static void applyPriceBooks(final Channel channel, final int tenants, final PricingTraffic traffic)
    {
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(channel);
        final PricingGrpc.PricingBlockingStub pricing = PricingGrpc.newBlockingStub(channel);
        for (int tenant = 1; tenant <= tenants; tenant++)
        {
            apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_PRICING, PRICING);
            pricing.publishMarketData(traffic.allRates(tenant));
        }
    }

    /**
     * @return an example config, {@code /examples/<file>} on the class path.
     */
    public static ByteString resource(final String file)
    {
        try (InputStream in = ExampleTenants.class.getResourceAsStream("/examples/" + file))
        {
            if (in == null)
            {
                throw new IllegalStateException("no /examples/" + file + " on the class path");
            }
            return ByteString.readFrom(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void apply(final ControlGrpc.ControlBlockingStub control, final long tenant, final ConfigDomain domain,
        final String file)
    {
        control.applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(tenant)
            .setDomain(domain)
            .setVersion(1)
            .setOrigin(file)
            .setConfig(resource(file))
            .build());
    }
}
