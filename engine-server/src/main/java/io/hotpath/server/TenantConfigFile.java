package io.hotpath.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.ConfigDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's config file named in the engine config, applied through the control path at start:
 *
 * <pre>
 *   hotpath.routing.tenants = [ { tenant = 42, file = "config/routing-42.conf" } ]
 *   hotpath.fraud.tenants   = [ { tenant = 42, file = "config/fraud-42.conf" } ]
 *   hotpath.pricing.tenants = [ { tenant = 42, file = "config/pricing-42.conf" } ]
 * </pre>
 *
 * The file's own {@code version} field, if it has one, is the config version; otherwise 1.
 *
 * @param domain   the config domain.
 * @param tenantId the tenant.
 * @param path     the file.
 * @param version  the config version.
 * @param bytes    the file's content.
 */
record TenantConfigFile(ConfigDomain domain, long tenantId, Path path, long version, byte[] bytes)
{
    /**
     * @return the routing files, then the fraud files, then the price books.
     */
    static List<TenantConfigFile> list(final Config config)
    {
        final List<TenantConfigFile> files = new ArrayList<>();
        add(config, "hotpath.routing.tenants", ConfigDomain.ROUTING, files);
        add(config, "hotpath.fraud.tenants", ConfigDomain.FRAUD, files);
        add(config, "hotpath.pricing.tenants", ConfigDomain.PRICING, files);
        return files;
    }

    private static void add(final Config config, final String path, final ConfigDomain domain, final List<TenantConfigFile> files)
    {
        if (!config.hasPath(path))
        {
            return;
        }
        for (final Config entry : config.getConfigList(path))
        {
            final Path file = Path.of(entry.getString("file"));
            try
            {
                final byte[] bytes = Files.readAllBytes(file);
                final Config parsed = ConfigFactory.parseString(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                final long version = parsed.hasPath("version") ? parsed.getLong("version") : 1;
                files.add(new TenantConfigFile(domain, entry.getLong("tenant"), file, version, bytes));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + domain.name().toLowerCase(Locale.ROOT) + " config " + file, ex);
            }
        }
    }

    ControlCommand command()
    {
        return new ControlCommand.ApplyConfig(tenantId, domain, version, bytes, path.getFileName().toString());
    }
}
