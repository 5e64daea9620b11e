package io.hotpath.export;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to Kafka, one topic per domain, exactly once: each batch of a shard's events and
 * the shard's new {@link Position} go in one Kafka transaction, the position as the offset a consumer
 * group of the shard's own ({@code <prefix>-shard-N}) commits for the positions topic's partition
 * ({@code sendOffsetsToTransaction}), as Kafka Streams stores its input positions. A restart (of the
 * exporter or of the engine) opens a producer with the shard's transactional id, which aborts what the
 * one before left open (or completes what it was committing) and fences it; then it fetches the
 * group's offset with {@code read_committed}, which waits while a transaction committing it is still
 * completing, and resumes after it. So a batch is in Kafka with its position, or neither is.
 *
 * <p>Consumers of the event topics read with {@code isolation.level=read_committed}.
 */
public final class KafkaSink implements Sink
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    public static final String SCHEMA_HEADER = "hotpath.schema";
    public static final String SHARD_HEADER = "hotpath.shard";
    public static final String SEQUENCE_HEADER = "hotpath.sequence";

    private final KafkaSettings settings;
    private final Map<Integer, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
    private final Map<Integer, KafkaConsumer<byte[], byte[]>> groups = new HashMap<>();
    private boolean topicsReady;

    public KafkaSink(final KafkaSettings settings)
    {
        this.settings = settings;
    }

    @Override
    public String name()
    {
        return "kafka";
    }

    @Override
    public Position position(final int shard)
    {
        ensureTopics();
        // The producer first: opening it aborts a transaction the one before left open, or waits for one it was
        // committing to complete, and fences it.
        producer(shard);
        final OffsetAndMetadata committed = group(shard).committed(Set.of(positionPartition()), settings.requestTimeout())
            .get(positionPartition());
        return committed == null ? Position.START : decode(committed);
    }

    /**
     * @return the shard's consumer of its position group: never subscribed, it fetches the group's offset and names the
     *         group to the transactions that commit it.
     */
    private KafkaConsumer<byte[], byte[]> group(final int shard)
    {
        KafkaConsumer<byte[], byte[]> consumer = groups.get(shard);
        if (consumer == null)
        {
            final Properties properties = common();
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(shard));
            // read_committed makes the offset fetch wait while a transaction that commits offsets for the group is still
            // completing (KIP-447), so a position committed a moment later is never missed.
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(properties);
            groups.put(shard, consumer);
        }
        return consumer;
    }

    private Position decode(final OffsetAndMetadata committed)
    {
        final String[] parts = committed.metadata().split("/");
        if (parts.length != 2)
        {
            throw new IllegalStateException("the export position of group " + settings.transactionalIdPrefix() + " is not "
                + "<command index>/<engine sequence>: " + committed.metadata());
        }
        return new Position(committed.offset(), Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    @Override
    public void publish(final int shard, final List<ExportEvent> events, final Position upTo)
    {
        ensureTopics();
        final KafkaProducer<byte[], byte[]> producer = producer(shard);
        try
        {
            producer.beginTransaction();
            for (final ExportEvent event : events)
            {
                final RecordHeaders headers = new RecordHeaders();
                headers.add(SCHEMA_HEADER, event.schema().getBytes(StandardCharsets.UTF_8));
                headers.add(SHARD_HEADER, Integer.toString(event.shard()).getBytes(StandardCharsets.UTF_8));
                headers.add(SEQUENCE_HEADER, Long.toString(event.engineSequence()).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(settings.topic(event.topic()), null, event.keyBytes(),
                    event.message().toByteArray(), headers));
            }
            if (upTo != null)
            {
                // The position is the group's offset of the positions topic's one partition: the result's index, with the
                // command's index and engine sequence as its metadata.
                producer.sendOffsetsToTransaction(Map.of(positionPartition(), new OffsetAndMetadata(upTo.resultIndex(),
                    upTo.commandIndex() + "/" + upTo.engineSequence())), group(shard).groupMetadata());
            }
            producer.commitTransaction();
        }
        catch (final RuntimeException ex)
        {
            // Whatever the failure, this producer is dropped: its successor's start aborts or completes the transaction,
            // and the exporter resumes from the position Kafka holds then.
            reset(shard);
            throw ex;
        }
    }

    @Override
    public void reset(final int shard)
    {
        final KafkaProducer<byte[], byte[]> producer = producers.remove(shard);
        if (producer != null)
        {
            producer.close(Duration.ZERO);
        }
        final KafkaConsumer<byte[], byte[]> consumer = groups.remove(shard);
        if (consumer != null)
        {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    @Override
    public void close()
    {
        for (final KafkaProducer<byte[], byte[]> producer : producers.values())
        {
            producer.close(Duration.ofSeconds(5));
        }
        producers.clear();
        for (final KafkaConsumer<byte[], byte[]> consumer : groups.values())
        {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        groups.clear();
    }

    private KafkaProducer<byte[], byte[]> producer(final int shard)
    {
        KafkaProducer<byte[], byte[]> producer = producers.get(shard);
        if (producer == null)
        {
            final Properties properties = common();
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalIdPrefix() + "-shard-" + shard);
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
            properties.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(settings.linger().toMillis()));
            properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(settings.batchBytes()));
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.requestTimeout().toMillis()));
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(settings.requestTimeout().toMillis()));
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(settings.requestTimeout().toMillis() + settings.linger().toMillis()));
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.putAll(settings.producerOverrides());
            producer = new KafkaProducer<>(properties);
            try
            {
                producer.initTransactions();
            }
            catch (final RuntimeException ex)
            {
                producer.close(Duration.ZERO);
                throw ex;
            }
            producers.put(shard, producer);
        }
        return producer;
    }

    private Properties common()
    {
        final Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.transactionalIdPrefix());
        properties.putAll(settings.clientOverrides());
        return properties;
    }

    private String groupId(final int shard)
    {
        return settings.transactionalIdPrefix() + "-shard-" + shard;
    }

    private TopicPartition positionPartition()
    {
        return new TopicPartition(settings.positionsTopic(), 0);
    }

    /**
     * Creates the event topics and the compacted positions topic when they are missing and config asks for it.
     */
    private void ensureTopics()
    {
        if (topicsReady || !settings.createTopics())
        {
            return;
        }
        final List<NewTopic> wanted = new ArrayList<>();
        for (final Topic topic : Topic.values())
        {
            wanted.add(new NewTopic(settings.topic(topic), settings.partitions(), settings.replicationFactor()));
        }
        wanted.add(new NewTopic(settings.positionsTopic(), 1, settings.replicationFactor())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Admin admin = Admin.create(common()))
        {
            final Set<String> existing = admin.listTopics().names().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            wanted.removeIf(topic -> existing.contains(topic.name()));
            if (!wanted.isEmpty())
            {
                try
                {
                    admin.createTopics(wanted).all().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (final ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof TopicExistsException))
                    {
                        throw ex;
                    }
                }
                LOG.atInfo().addKeyValue("event", "export-topics-created").log("created Kafka topics {}",
                    wanted.stream().map(NewTopic::name).toList());
            }
            topicsReady = true;
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new KafkaException("could not list or create the export topics at " + settings.bootstrapServers(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the export topics", ex);
        }
    }
}
