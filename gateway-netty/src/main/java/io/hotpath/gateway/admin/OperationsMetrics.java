package io.hotpath.gateway.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * What the engine's alerts watch beyond its traffic: readiness, snapshots, the journal's disk and the
 * fronts' certificates, in the engine's registry.
 *
 * <pre>
 *   hotpath_ready                                             1 when /health/ready answers 200
 *   hotpath_snapshot_last_success_timestamp_seconds{shard}    when each shard's newest snapshot was stored here (0: none yet);
 *                                                             only shards this node stores snapshots of (a cluster's leader
 *                                                             leaves them to its live followers)
 *   hotpath_snapshot_failures_total{shard}                    snapshots whose write failed
 *   hotpath_snapshot_interval_seconds                         the configured interval; 0 when periodic snapshots are off
 *   hotpath_journal_disk_free_bytes, _size_bytes              the journal's file system: usable bytes, and its size
 *   hotpath_tls_certificate_expiry_timestamp_seconds{role,subject}   notAfter of each certificate the fronts present
 *                                                             (role=server) or trust (role=trust)
 * </pre>
 *
 * Every value is read at scrape time, on the admin thread.
 */
public final class OperationsMetrics
{
    /**
     * A certificate the engine uses, for its expiry.
     *
     * @param role    server: presented by the fronts; trust: a client CA they accept.
     * @param subject its subject's distinguished name.
     */
    public record Certificate(String role, String subject, Instant notAfter)
    {
    }

    private final PrometheusRegistry registry;

    public OperationsMetrics(final PrometheusRegistry registry)
    {
        this.registry = registry;
    }

    /**
     * @param ready whether the engine would answer its readiness probe with 200.
     */
    public OperationsMetrics readiness(final BooleanSupplier ready)
    {
        GaugeWithCallback.builder().name("hotpath_ready").help("1 when the engine is ready to take traffic (/health/ready answers 200)")
            .callback(callback -> callback.call(ready.getAsBoolean() ? 1 : 0)).register(registry);
        return this;
    }

    /**
     * @param stores            whether this node stores the shard's snapshots now (it runs the shard; in a cluster, it
     *                          follows it, or leads it without a live follower to store them instead).
     * @param lastWrittenMillis epoch milliseconds of the shard's newest snapshot stored here; 0 for none.
     * @param failures          the shard's failed snapshot writes here.
     * @param lastHeldNanos     how long the shard's newest snapshot held its logic thread; 0 before the first.
     * @param interval          the configured snapshot interval; zero when periodic snapshots are off.
     */
    public OperationsMetrics snapshots(final int shards, final IntPredicate stores, final IntToLongFunction lastWrittenMillis,
        final IntToLongFunction failures, final IntToLongFunction lastHeldNanos, final Duration interval)
    {
        GaugeWithCallback.builder().name("hotpath_snapshot_last_hold_seconds").unit(Unit.SECONDS)
            .help("How long each shard's newest snapshot held its logic thread (hashing, encoding and copying the state): "
                + "every command behind it waited that long; 0 before the first")
            .labelNames("shard")
            .callback(callback -> eachStoring(shards, stores, shardId ->
                callback.call(lastHeldNanos.applyAsLong(shardId) / 1e9, Integer.toString(shardId))))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_snapshot_last_success_timestamp_seconds").unit(Unit.SECONDS)
            .help("When each shard's newest snapshot was stored, in seconds since the epoch; 0 when it has none").labelNames("shard")
            .callback(callback -> eachStoring(shards, stores, shardId ->
                callback.call(lastWrittenMillis.applyAsLong(shardId) / 1e3, Integer.toString(shardId))))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_snapshot_failures").help("Snapshots of each shard whose write failed")
            .labelNames("shard")
            .callback(callback -> eachStoring(shards, stores, shardId ->
                callback.call(failures.applyAsLong(shardId), Integer.toString(shardId))))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_snapshot_interval_seconds").unit(Unit.SECONDS)
            .help("How often each shard snapshots its state; 0 when periodic snapshots are off")
            .callback(callback -> callback.call(interval.toMillis() / 1e3)).register(registry);
        return this;
    }

    /**
     * @param journalDir the journal's root directory (created if missing, so its file system can be read).
     */
    public OperationsMetrics journalDisk(final Path journalDir)
    {
        GaugeWithCallback.builder().name("hotpath_journal_disk_free_bytes").unit(Unit.BYTES)
            .help("Bytes the engine may still write on the journal's file system")
            .callback(callback -> measure(journalDir, FileStore::getUsableSpace, callback)).register(registry);
        GaugeWithCallback.builder().name("hotpath_journal_disk_size_bytes").unit(Unit.BYTES)
            .help("Size of the journal's file system")
            .callback(callback -> measure(journalDir, FileStore::getTotalSpace, callback)).register(registry);
        return this;
    }

    /**
     * @param certificates the certificates the fronts present and trust; empty without TLS.
     */
    public OperationsMetrics certificates(final List<Certificate> certificates)
    {
        GaugeWithCallback.builder().name("hotpath_tls_certificate_expiry_timestamp_seconds").unit(Unit.SECONDS)
            .help("When each certificate the fronts present (role=server) or trust (role=trust) expires, in seconds since the epoch")
            .labelNames("role", "subject")
            .callback(callback ->
            {
                for (final Certificate certificate : certificates)
                {
                    callback.call(certificate.notAfter().getEpochSecond(), certificate.role(), certificate.subject());
                }
            })
            .register(registry);
        return this;
    }

    private interface Space
    {
        long of(FileStore store) throws IOException;
    }

    /**
     * Reports {@code space} of the file system that holds {@code dir}, or nothing when it cannot be read.
     */
    private static void measure(final Path dir, final Space space, final GaugeWithCallback.Callback callback)
    {
        try
        {
            Files.createDirectories(dir);
            callback.call(space.of(Files.getFileStore(dir)));
        }
        catch (final IOException ex)
        {
            // Absent from the scrape: an alert on the metric's absence, not on a made-up zero.
        }
    }

    private static void eachStoring(final int shards, final IntPredicate stores, final IntConsumer action)
    {
        for (int shardId = 0; shardId < shards; shardId++)
        {
            if (stores.test(shardId))
            {
                action.accept(shardId);
            }
        }
    }
}
