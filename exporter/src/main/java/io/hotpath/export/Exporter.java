package io.hotpath.export;

import io.hotpath.journal.Bound;
import io.hotpath.journal.JournalDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every shard's results to one {@link Sink}, on a thread of its own, off the shards' path:
 * it reads the journals the shards have written, so a slow or absent sink never slows a shard; it only
 * grows the exporter's lag.
 *
 * <p>For each shard, in turn: resume after the position the sink stored (read again after any
 * failure), read up to {@code batch-entries} results, turn each into its event (a retry answered from
 * the idempotency cache is passed over: its first answer was published with the first command),
 * and publish them with the new position in one transaction. A publish that fails is retried with a
 * backoff that doubles up to {@code max-backoff}, from the position the sink holds then. An entry
 * whose checksum fails is passed over with an error and counted.
 */
public final class Exporter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    private final Sink sink;
    private final Path journalRoot;
    private final int[] shards;
    private final ExportSettings settings;
    private final ExportStats stats;
    private final EventMapper mapper = new EventMapper();
    private final ShardTail[] tails;
    private final Thread thread;
    private final List<ExportEvent> batch = new ArrayList<>();
    private volatile boolean running;
    private long backoffNanos;
    private long failingSince;
    private volatile String lastFailure = "";
    private final boolean[] behind;
    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How far each shard has been read and published (or passed over); null until its position was read from the sink. */
    private final Position[] progress;
    private final LagProbe[] probes;
    private long lagMeasuredAt;

    /**
     * @param shards the shards to export, each at {@code journalRoot/shard-N}.
     */
    public Exporter(final Sink sink, final Path journalRoot, final int[] shards, final ExportSettings settings)
    {
        this.sink = sink;
        this.journalRoot = journalRoot;
        this.shards = shards.clone();
        this.settings = settings;
        this.stats = new ExportStats(shards);
        this.tails = new ShardTail[shards.length];
        this.behind = new boolean[shards.length];
        this.progress = new Position[shards.length];
        this.probes = new LagProbe[shards.length];
        this.backoffNanos = settings.backoff().toNanos();
        this.thread = new Thread(this::run, "hotpath-export-" + sink.name());
        this.thread.setDaemon(true);
    }

    public String sinkName()
    {
        return sink.name();
    }

    public ExportStats stats()
    {
        return stats;
    }

    /**
     * Measures, once a second, how far each shard's export is behind its journal: results journaled after the progress
     * position, and the release time of the first of them. Reads the journals with readers of its own, so it measures
     * while the sink fails (and the tails are closed) too.
     */
    private void measureLag()
    {
        final long now = System.nanoTime();
        if (now - lagMeasuredAt < LAG_INTERVAL_NANOS)
        {
            return;
        }
        lagMeasuredAt = now;
        for (int i = 0; i < shards.length; i++)
        {
            final Position at = progress[i];
            if (at == null)
            {
                continue;
            }
            if (probes[i] == null)
            {
                probes[i] = new LagProbe(JournalDescriptor.shardDir(journalRoot, shards[i]));
            }
            probes[i].measure(at);
            stats.lag(i, at.engineSequence(), probes[i].behind(), probes[i].oldestReleaseNanos());
        }
    }

    private int indexOf(final int shard)
    {
        for (int i = 0; i < shards.length; i++)
        {
            if (shards[i] == shard)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("shard " + shard + " is not exported here");
    }

    /**
     * Starts the exporter's thread.
     */
    public void start()
    {
        running = true;
        thread.start();
    }

    /**
     * Publishes until every shard is caught up with its journal, retrying failures with backoff, on the caller's thread;
     * for the export command. The exporter must not be running.
     *
     * @param giveUpAfter how long the sink may fail without a success before this gives up by throwing.
     */
    public void drain(final Duration giveUpAfter)
    {
        while (true)
        {
            try
            {
                if (!step())
                {
                    lagMeasuredAt = 0;
                    measureLag();
                    return;
                }
            }
            catch (final RuntimeException ex)
            {
                failed(ex);
                if (failingForNanos() > giveUpAfter.toNanos())
                {
                    throw ex;
                }
                backOff();
            }
        }
    }

    private void backOff()
    {
        sleep(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
    }

    private void run()
    {
        long idleNanos = settings.idleWait().toNanos();
        while (running)
        {
            final boolean worked;
            try
            {
                worked = step();
            }
            catch (final RuntimeException ex)
            {
                failed(ex);
                measureLag();
                backOff();
                continue;
            }
            measureLag();
            if (worked)
            {
                idleNanos = settings.idleWait().toNanos();
            }
            else
            {
                sleep(idleNanos);
                // Idle for long: a little less often, up to 50 times idle-wait.
                idleNanos = Math.min(idleNanos + settings.idleWait().toNanos(), settings.idleWait().toNanos() * 50);
            }
        }
    }

    /**
     * One pass over the shards: publishes at most one batch of each.
     *
     * @return true if any shard had results to read.
     * @throws RuntimeException when the sink failed; the next step resumes from the position the sink holds.
     */
    public boolean step()
    {
        boolean worked = false;
        for (int i = 0; i < shards.length; i++)
        {
            worked |= stepShard(i);
        }
        return worked;
    }

    private boolean stepShard(final int i)
    {
        final int shard = shards[i];
        ShardTail tail = tails[i];
        final boolean resumed = tail == null;
        if (tail == null)
        {
            final Path shardDir = JournalDescriptor.shardDir(journalRoot, shard);
            if (!Files.isDirectory(JournalDescriptor.commandsDir(shardDir)))
            {
                // The shard has not journaled anything yet.
                return false;
            }
            final Position stored = sink.position(shard);
            tail = new ShardTail(shardDir, shard);
            try
            {
                tail.resumeAfter(stored);
            }
            catch (final RuntimeException ex)
            {
                tail.close();
                throw ex;
            }
            tails[i] = tail;
            progress[i] = stored;
            LOG.atInfo().addKeyValue("event", "export-resumed").addKeyValue("sink", sink.name()).addKeyValue("shard", shard)
                .addKeyValue("engine_sequence", stored.engineSequence())
                .log("export to {} of shard {} resumes after engine sequence {}", sink.name(), shard, stored.engineSequence());
        }
        batch.clear();
        int read = 0;
        final long poisonBefore = tail.poison();
        while (read < settings.batchEntries() && tail.next())
        {
            read++;
            if (tail.isRetry())
            {
                continue;
            }
            final ExportEvent event;
            try
            {
                event = mapper.map(shard, tail.sequence(), tail.command(), tail.result(), tail.resultTime());
            }
            catch (final RuntimeException ex)
            {
                stats.poison(i, 1);
                LOG.atError().addKeyValue("event", "export-poison").addKeyValue("shard", shard)
                    .addKeyValue("engine_sequence", tail.sequence())
                    .log("shard {}: engine sequence {} could not be read as an event; passed over: {}", shard, tail.sequence(),
                        ex.toString());
                continue;
            }
            if (event != null)
            {
                batch.add(event);
            }
        }
        final long poison = tail.poison() - poisonBefore;
        if (poison > 0)
        {
            stats.poison(i, poison);
            LOG.atError().addKeyValue("event", "export-poison").addKeyValue("shard", shard).addKeyValue("entries", poison)
                .log("shard {}: {} journal entries failed their checksum or lacked their command; passed over, not exported",
                    shard, poison);
        }
        if (read == 0)
        {
            if (resumed)
            {
                // The sink answered this shard's position and nothing is left to publish: it is not failing any more,
                // though no batch has gone to it since.
                recovered();
            }
            caughtUp(i, shard);
            return false;
        }
        if (!batch.isEmpty())
        {
            try
            {
                sink.publish(shard, batch, tail.position());
            }
            catch (final RuntimeException ex)
            {
                // Resume from what the sink holds now: the batch is there whole or not at all.
                tail.close();
                tails[i] = null;
                throw ex;
            }
            stats.published(i, batch, System.currentTimeMillis() * 1_000_000L);
            recovered();
            checkBehind(i, shard, batch.get(batch.size() - 1).commandTimeNanos());
        }
        progress[i] = tail.position();
        return true;
    }

    private void caughtUp(final int i, final int shard)
    {
        if (behind[i])
        {
            behind[i] = false;
            LOG.atInfo().addKeyValue("event", "export-caught-up").addKeyValue("sink", sink.name()).addKeyValue("shard", shard)
                .log("export to {} caught up with shard {}", sink.name(), shard);
        }
    }

    private void checkBehind(final int i, final int shard, final long commandTimeNanos)
    {
        final long lagNanos = System.currentTimeMillis() * 1_000_000L - commandTimeNanos;
        if (!behind[i] && lagNanos > settings.behindAfter().toNanos())
        {
            behind[i] = true;
            LOG.atWarn().addKeyValue("event", "export-behind").addKeyValue("sink", sink.name()).addKeyValue("shard", shard)
                .addKeyValue("lag_seconds", lagNanos / 1e9)
                .log("export to {} is behind shard {} by {} s (behind-after {})", sink.name(), shard,
                    String.format("%.1f", lagNanos / 1e9), settings.behindAfter());
        }
    }

    private void failed(final RuntimeException ex)
    {
        stats.failed(failingSince == 0);
        if (failingSince == 0)
        {
            failingSince = System.nanoTime();
            stats.failingSince(failingSince);
            LOG.atError().addKeyValue("event", "export-failing").addKeyValue("sink", sink.name())
                .log("export to {} failed; retrying with backoff: {}", sink.name(), describe(ex));
        }
        else if (!describe(ex).equals(lastFailure))
        {
            // A failure that reads as the one before is counted, not logged again.
            LOG.atWarn().addKeyValue("event", "export-failing").addKeyValue("sink", sink.name())
                .log("export to {} still failing: {}", sink.name(), describe(ex));
        }
        lastFailure = describe(ex);
    }

    private void recovered()
    {
        backoffNanos = settings.backoff().toNanos();
        if (failingSince != 0)
        {
            final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince);
            failingSince = 0;
            stats.failingSince(0);
            LOG.atInfo().addKeyValue("event", "export-recovered").addKeyValue("sink", sink.name())
                .addKeyValue("failed_seconds", seconds)
                .log("export to {} recovered after {} s of failures", sink.name(), seconds);
        }
    }

    /**
     * @return the failure and its causes, each cut to its first {@value #FAILURE_TEXT} characters: a driver's message can
     *         hold a whole batch of rows.
     */
    private static String describe(final Throwable ex)
    {
        final StringBuilder text = new StringBuilder();
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause())
        {
            final String one = cause.toString();
            text.append(text.length() == 0 ? "" : "; ").append(one.length() <= FAILURE_TEXT ? one : one.substring(0, FAILURE_TEXT) + "...");
        }
        return text.toString();
    }

    private static final int FAILURE_TEXT = 240;

    /**
     * @return what the last failure said.
     */
    public String lastFailure()
    {
        return lastFailure;
    }

    /**
     * Publishes one shard's results between {@code from} and {@code to} again, without reading or moving the sink's
     * position: a backfill, or a new consumer's history. Runs on the caller's thread; the exporter must not be running.
     *
     * @return events published.
     */
    public long backfill(final int shard, final Bound from, final Bound to)
    {
        long published = 0;
        try (ShardTail tail = new ShardTail(JournalDescriptor.shardDir(journalRoot, shard), shard))
        {
            tail.resumeAfter(Position.START);
            batch.clear();
            while (tail.next())
            {
                if (!to.upperAdmits(tail.commands()))
                {
                    break;
                }
                if (!from.lowerAdmits(tail.commands()) || tail.isRetry())
                {
                    continue;
                }
                final ExportEvent event = mapper.map(shard, tail.sequence(), tail.command(), tail.result(), tail.resultTime());
                if (event != null)
                {
                    batch.add(event);
                }
                if (batch.size() >= settings.batchEntries())
                {
                    published += publishBackfill(shard);
                }
            }
            published += publishBackfill(shard);
        }
        return published;
    }

    private int publishBackfill(final int shard)
    {
        final int events = batch.size();
        if (events > 0)
        {
            sink.publish(shard, batch, null);
            stats.published(indexOf(shard), batch, System.currentTimeMillis() * 1_000_000L);
            batch.clear();
        }
        return events;
    }

    /**
     * @return how long the sink has failed without a success in between, in nanoseconds; 0 when it is not failing.
     */
    public long failingForNanos()
    {
        final long since = stats.failingSince();
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    private void sleep(final long nanos)
    {
        LockSupport.parkNanos(nanos);
    }

    @Override
    public void close()
    {
        running = false;
        if (thread.isAlive())
        {
            LockSupport.unpark(thread);
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < tails.length; i++)
        {
            if (tails[i] != null)
            {
                tails[i].close();
                tails[i] = null;
            }
            if (probes[i] != null)
            {
                probes[i].close();
                probes[i] = null;
            }
        }
        sink.close();
    }
}
