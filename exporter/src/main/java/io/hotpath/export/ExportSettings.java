package io.hotpath.export;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code hotpath.export} block: whether the engine publishes its results, where, and how it
 * behaves when a sink fails.
 *
 * @param kafka    null when the Kafka sink is off.
 * @param postgres null when the PostgreSQL sink is off.
 */
public record ExportSettings(
    boolean enabled,
    int batchEntries,
    Duration idleWait,
    Duration backoff,
    Duration maxBackoff,
    Duration failingAfter,
    boolean failReadiness,
    Duration behindAfter,
    KafkaSettings kafka,
    PostgresSettings postgres)
{
    public ExportSettings
    {
        check(batchEntries > 0, "batch-entries", "must be > 0: " + batchEntries);
        check(!idleWait.isNegative() && !idleWait.isZero(), "idle-wait", "must be positive");
        check(!backoff.isNegative() && !backoff.isZero(), "backoff", "must be positive");
        check(maxBackoff.compareTo(backoff) >= 0, "max-backoff", "must be >= backoff");
        check(!failingAfter.isNegative(), "failing-after", "must be >= 0");
        check(!behindAfter.isNegative(), "behind-after", "must be >= 0");
        check(!enabled || kafka != null || postgres != null, "enabled",
            "is true but neither hotpath.export.kafka.enabled nor hotpath.export.postgres.enabled is");
    }

    /**
     * @param config the whole config.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public static ExportSettings from(final Config config)
    {
        final Config export = config.getConfig("hotpath.export");
        try
        {
            return new ExportSettings(
                export.getBoolean("enabled"),
                export.getInt("batch-entries"),
                export.getDuration("idle-wait"),
                export.getDuration("backoff"),
                export.getDuration("max-backoff"),
                export.getDuration("failing-after"),
                export.getBoolean("fail-readiness"),
                export.getDuration("behind-after"),
                export.getBoolean("kafka.enabled") ? KafkaSettings.from(export.getConfig("kafka")) : null,
                export.getBoolean("postgres.enabled") ? PostgresSettings.from(export.getConfig("postgres")) : null);
        }
        catch (final ConfigException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private static void check(final boolean holds, final String setting, final String what)
    {
        if (!holds)
        {
            throw new IllegalArgumentException("hotpath.export." + setting + " " + what);
        }
    }
}
