package io.hotpath.gateway;

import com.typesafe.config.Config;

/**
 * The {@code hotpath.admin} block: where the HTTP admin endpoint (health, metrics, latency) listens.
 *
 * @param host address it binds.
 * @param port its port; 0 picks a free one; -1 turns the endpoint off.
 */
public record AdminSettings(String host, int port)
{
    public AdminSettings
    {
        if (port < -1 || port > 65535)
        {
            throw new IllegalArgumentException("hotpath.admin.port must be -1 (off) or in [0, 65535]: " + port);
        }
    }

    public static AdminSettings from(final Config admin)
    {
        return new AdminSettings(admin.getString("host"), admin.getInt("port"));
    }

    public boolean enabled()
    {
        return port >= 0;
    }
}
