package io.hotpath.server;

import com.google.protobuf.ByteString;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.ControlReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Applies the example routing, fraud and (optionally) pricing configs to a tenant through the control
 * plane, as an operator would.
 */
public final class ExampleConfigs
{
    private ExampleConfigs()
    {
    }

    public static void apply(final ControlGrpc.ControlBlockingStub control, final long tenant, final boolean pricing)
    {
        apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_ROUTING, "routing-example.conf");
        apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_FRAUD, "fraud-example.conf");
        if (pricing)
        {
            apply(control, tenant, ConfigDomain.CONFIG_DOMAIN_PRICING, "pricing-example.conf");
        }
    }

    /**
     * Applies the example routing config with no exploration share, version 2: every success-rate decision then ranks
     * the candidates by score alone, so two payments alike get the same order whatever their ids and arrival times.
     */
    public static void applyRoutingWithoutExploration(final ControlGrpc.ControlBlockingStub control, final long tenant)
    {
        final String file = "routing-example.conf";
        final String example = resource(file).toStringUtf8();
        final String withoutExploration = example.replace("exploration = 0.02", "exploration = 0");
        if (withoutExploration.equals(example))
        {
            throw new IllegalStateException(file + " no longer sets exploration = 0.02");
        }
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(tenant).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
            .setVersion(2).setOrigin(file + " without exploration").setConfig(ByteString.copyFromUtf8(withoutExploration)).build());
    }

    /**
     * Applies one domain's example config, version 1.
     */
    public static ControlReply apply(final ControlGrpc.ControlBlockingStub control, final long tenant, final ConfigDomain domain)
    {
        return apply(control, tenant, domain, switch (domain)
        {
            case CONFIG_DOMAIN_ROUTING -> "routing-example.conf";
            case CONFIG_DOMAIN_FRAUD -> "fraud-example.conf";
            case CONFIG_DOMAIN_PRICING -> "pricing-example.conf";
            default -> throw new IllegalArgumentException("no example config for " + domain);
        });
    }

    private static ControlReply apply(final ControlGrpc.ControlBlockingStub control, final long tenant, final ConfigDomain domain,
        final String file)
    {
        return control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(tenant).setDomain(domain).setVersion(1).setOrigin(file)
            .setConfig(resource(file)).build());
    }

    public static ByteString resource(final String file)
    {
        try (InputStream in = ExampleConfigs.class.getResourceAsStream("/examples/" + file))
        {
            return ByteString.readFrom(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
