package io.hotpath.gateway;

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

/**
 * A tenant's routing config file named in the engine config:
 *
 * <pre>
 *   hotpath.routing.tenants = [ { tenant = 42, file = "config/routing-42.conf" } ]
 * </pre>
 *
 * The file's own {@code version} field, if it has one, is the config version; otherwise 1.
 *
 * @param tenantId the tenant.
 * @param path     the file.
 * @param version  the config version.
 * @param bytes    the file's content.
 */
record TenantConfigFile(long tenantId, Path path, long version, byte[] bytes)
{
    static List<TenantConfigFile> list(final Config config)
    {
        final List<TenantConfigFile> files = new ArrayList<>();
        if (!config.hasPath("hotpath.routing.tenants"))
        {
            return files;
        }
        for (final Config entry : config.getConfigList("hotpath.routing.tenants"))
        {
            final Path path = Path.of(entry.getString("file"));
            try
            {
                final byte[] bytes = Files.readAllBytes(path);
                final Config parsed = ConfigFactory.parseString(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                final long version = parsed.hasPath("version") ? parsed.getLong("version") : 1;
                files.add(new TenantConfigFile(entry.getLong("tenant"), path, version, bytes));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read routing config " + path, ex);
            }
        }
        return files;
    }

    ControlCommand command()
    {
        return new ControlCommand.ApplyConfig(tenantId, ConfigDomain.ROUTING, version, bytes, path.getFileName().toString());
    }
}
