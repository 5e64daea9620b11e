package io.hotpath.server;

import io.hotpath.core.control.ShardDirectory;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the journal retention policy to every shard on a timer, on its own thread, away from the
 * shards' threads: removing a cycle file is a rename or an unlink of a file no shard writes.
 */
final class RetentionRunner implements AutoCloseable
{
    /** A shard this node neither runs nor holds a role in. */
    static final long SKIP = -1;
    private static final Logger LOG = LoggerFactory.getLogger(RetentionRunner.class);

    private final EngineSettings settings;
    private final ShardDirectory directory;
    private final ScheduledExecutorService timer;
    private final IntToLongFunction heldElsewhere;

    /**
     * Starts applying the policy, unless it keeps everything.
     *
     * @param directory the shards running here: only their journals are this engine's to trim (in a cluster, the other
     *                  nodes trim theirs).
     */
    RetentionRunner(final EngineSettings settings, final ShardDirectory directory)
    {
        this(settings, directory, shardId -> directory.shard(shardId) == null ? SKIP : Long.MAX_VALUE);
    }

    /**
     * @param heldElsewhere per shard, the engine sequence up to which other copies hold it (a replicated leader: what every
     *                      follower acknowledged), {@link Long#MAX_VALUE} for no bound, {@link #SKIP} to leave the shard
     *                      alone (not this node's to trim).
     */
    RetentionRunner(final EngineSettings settings, final ShardDirectory directory, final IntToLongFunction heldElsewhere)
    {
        this.settings = settings;
        this.directory = directory;
        this.heldElsewhere = heldElsewhere;
        final JournalSettings journal = settings.journal();
        if (journal.retention().mode() == JournalRetention.Mode.KEEP)
        {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "hotpath-retention");
            thread.setDaemon(true);
            return thread;
        });
        final long interval = journal.retentionInterval().toMillis();
        timer.scheduleWithFixedDelay(this::applyToEveryShard, interval, interval, TimeUnit.MILLISECONDS);
    }

    void applyToEveryShard()
    {
        for (int shardId = 0; shardId < settings.shards(); shardId++)
        {
            final Path shardDir = JournalDescriptor.shardDir(settings.journalDir(), shardId);
            final long held = heldElsewhere.applyAsLong(shardId);
            if (held == SKIP || !Files.isDirectory(JournalDescriptor.commandsDir(shardDir)))
            {
                continue;
            }
            try
            {
                final JournalRetention.Report report = JournalRetention.apply(shardDir, settings.journal().retention(), held);
                if (report.removedAny())
                {
                    LOG.atInfo().addKeyValue("event", "retention").addKeyValue("shard", shardId)
                        .addKeyValue("cycles", report.commandCycles().size()).addKeyValue("first_sequence", report.firstSequence())
                        .log("shard {}: retention ({}) removed {} command and {} result roll cycles; the journal now starts at "
                            + "engine sequence {}", shardId, settings.journal().retention().mode(), report.commandCycles().size(),
                            report.resultCycles().size(), report.firstSequence());
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("shard {}: journal retention failed; it is tried again in {}", shardId, settings.journal().retentionInterval(),
                    ex);
            }
        }
    }

    @Override
    public void close()
    {
        if (timer != null)
        {
            timer.shutdownNow();
            try
            {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
