package io.hotpath.export;

import java.util.List;

/**
 * Where an exporter publishes: Kafka topics, or tables in PostgreSQL. A sink stores each shard's
 * {@link Position} in the same transaction as the events up to it, so that after any crash the
 * exporter resumes exactly after what was published: no gap, no duplicate.
 *
 * <p>Called from one exporter thread only.
 */
public interface Sink extends AutoCloseable
{
    /**
     * @return the sink's name in metrics and logs: {@code kafka} or {@code postgres}.
     */
    String name();

    /**
     * @return the position last stored for {@code shard}, or {@link Position#START}.
     * @throws RuntimeException when the sink cannot be reached; the exporter retries.
     */
    Position position(int shard);

    /**
     * Publishes {@code events} of one shard, in order, and stores {@code upTo}, all in one transaction.
     *
     * @param upTo null for a backfill, which publishes without moving the stored position.
     * @throws RuntimeException when the transaction did not commit; the exporter reads the position again and resumes
     *         from it.
     */
    void publish(int shard, List<ExportEvent> events, Position upTo);

    /**
     * Drops what the sink holds for {@code shard} after a failure (a producer, a connection), so the next call starts
     * afresh.
     */
    default void reset(final int shard)
    {
    }

    @Override
    void close();
}
