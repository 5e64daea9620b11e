package io.hotpath.export;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code hotpath.export.kafka} block.
 *
 * @param producerOverrides  passed to the producer as they are.
 * @param clientOverrides    passed to every client (producer, admin, positions reader): security settings.
 */
public record KafkaSettings(
    String bootstrapServers,
    String transactionalIdPrefix,
    Map<Topic, String> topics,
    String positionsTopic,
    boolean createTopics,
    int partitions,
    short replicationFactor,
    String compression,
    Duration linger,
    int batchBytes,
    Duration requestTimeout,
    Map<String, String> clientOverrides,
    Map<String, String> producerOverrides)
{
    private static final java.util.Set<String> COMPRESSIONS = java.util.Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public KafkaSettings
    {
        require(!bootstrapServers.isBlank(), "bootstrap-servers", "must name at least one broker");
        require(!transactionalIdPrefix.isBlank(), "transactional-id-prefix", "must not be empty");
        require(partitions > 0, "partitions", "must be > 0");
        require(replicationFactor > 0, "replication-factor", "must be > 0");
        require(COMPRESSIONS.contains(compression), "compression", "must be one of " + COMPRESSIONS + ": " + compression);
        require(batchBytes > 0, "batch-bytes", "must be > 0");
        require(requestTimeout.toMillis() > 0, "request-timeout", "must be positive");
        require(!linger.isNegative(), "linger", "must be >= 0");
    }

    static KafkaSettings from(final Config kafka)
    {
        final Map<Topic, String> topics = new EnumMap<>(Topic.class);
        for (final Topic topic : Topic.values())
        {
            final String name = kafka.getConfig("topics").getString(topic.key());
            require(!name.isBlank(), "topics." + topic.key(), "must not be empty");
            topics.put(topic, name);
        }
        return new KafkaSettings(
            kafka.getString("bootstrap-servers"),
            kafka.getString("transactional-id-prefix"),
            topics,
            kafka.getString("positions-topic"),
            kafka.getBoolean("create-topics"),
            kafka.getInt("partitions"),
            (short)kafka.getInt("replication-factor"),
            kafka.getString("compression"),
            kafka.getDuration("linger"),
            kafka.getInt("batch-bytes"),
            kafka.getDuration("request-timeout"),
            flat(kafka.getConfig("client")),
            flat(kafka.getConfig("producer")));
    }

    public String topic(final Topic topic)
    {
        return topics.get(topic);
    }

    private static Map<String, String> flat(final Config block)
    {
        final Map<String, String> values = new HashMap<>();
        block.entrySet().forEach(entry -> values.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped())));
        return values;
    }

    static void require(final boolean holds, final String setting, final String what)
    {
        if (!holds)
        {
            throw new IllegalArgumentException("hotpath.export.kafka." + setting + " " + what);
        }
    }
}
