package io.hotpath.export;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code hotpath.export.postgres} block.
 *
 * @param engineId names this engine's rows: two engines exporting into one database set theirs apart.
 */
public record PostgresSettings(String url, String user, String password, int poolSize, String engineId, Duration connectTimeout)
{
    public PostgresSettings
    {
        if (!url.startsWith("jdbc:postgresql:"))
        {
            throw new IllegalArgumentException("hotpath.export.postgres.url must be a jdbc:postgresql: URL: " + url);
        }
        if (poolSize < 1)
        {
            throw new IllegalArgumentException("hotpath.export.postgres.pool-size must be >= 1: " + poolSize);
        }
        if (engineId.isBlank())
        {
            throw new IllegalArgumentException("hotpath.export.postgres.engine-id must not be empty");
        }
        if (connectTimeout.toMillis() < 250)
        {
            throw new IllegalArgumentException("hotpath.export.postgres.connect-timeout must be at least 250ms: " + connectTimeout);
        }
    }

    static PostgresSettings from(final Config postgres)
    {
        return new PostgresSettings(postgres.getString("url"), postgres.getString("user"), postgres.getString("password"),
            postgres.getInt("pool-size"), postgres.getString("engine-id"), postgres.getDuration("connect-timeout"));
    }
}
