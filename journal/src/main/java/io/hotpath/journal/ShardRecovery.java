package io.hotpath.journal;

import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.state.StateFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a shard's logic back to where it stopped: the newest usable snapshot, then the journal's
 * commands after it, through the same decision stage the ring runs.
 *
 * <pre>
 *   snapshots, newest first:  checksum fails                  -&gt; the one before
 *                             taken past the journal's end    -&gt; the one before (the logic ran ahead
 *                                                                of a journal that did not survive)
 *                             cannot be read, or its state
 *                             hash differs once restored      -&gt; the one before
 *                             taken before the journal's    -&gt; the one before (older cycles were
 *                             first command                      removed, and with them its tail)
 *   none usable               -&gt; fresh logic, the whole journal; an error if older cycles were removed
 *   then                      the commands after the snapshot's engine sequence
 * </pre>
 *
 * The journal has one entry per command the logic applied, in order, numbered from its first
 * command's engine sequence (1, or what the {@link CycleLedger} says once retention removed older
 * roll cycles; a snapshot must then cover what they held). Nothing is applied twice: the tail
 * starts exactly where the snapshot ends, and the shard numbers new commands after the last one
 * replayed. A last entry cut short by a crash is not read, and the journal appends after it.
 */
public final class ShardRecovery
{
    private static final Logger LOG = LoggerFactory.getLogger(ShardRecovery.class);

    /**
     * @param logic            the recovered logic.
     * @param engineSequence   commands it has applied.
     * @param snapshotSequence the engine sequence of the snapshot it started from, 0 for none.
     * @param replayed         journal commands replayed after the snapshot.
     * @param snapshot         the snapshot file used, or null.
     */
    public record Recovery(ShardLogic logic, long engineSequence, long snapshotSequence, long replayed, Path snapshot)
    {
        /**
         * @return what the recovery did, without the logic, to keep after the logic is gone.
         */
        public Summary summary()
        {
            return new Summary(engineSequence, snapshotSequence, replayed, snapshot);
        }
    }

    /**
     * What a recovery did.
     *
     * @param engineSequence   commands the logic had applied when the shard started.
     * @param snapshotSequence the engine sequence of the snapshot it started from, 0 for none.
     * @param replayed         journal commands replayed after the snapshot.
     * @param snapshot         the snapshot file used, or null.
     */
    public record Summary(long engineSequence, long snapshotSequence, long replayed, Path snapshot)
    {
    }

    private ShardRecovery()
    {
    }

    /**
     * @param shardDir  the shard's journal directory.
     * @param fresh     builds fresh logic; called once per snapshot tried, and once more if none is usable.
     * @param snapshots the shard's snapshots.
     */
    public static Recovery recover(final Path shardDir, final Supplier<ShardLogic> fresh, final FileSnapshotStore snapshots)
    {
        if (!Files.isDirectory(JournalDescriptor.commandsDir(shardDir)))
        {
            return new Recovery(fresh.get(), 0, 0, 0, null);
        }
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final long journaled = reader.lastSequence();
            final Restored restored = newestUsable(snapshots, reader.firstSequence() - 1, journaled, journaled, fresh);
            if (restored == null && reader.firstSequence() > 1)
            {
                throw new IllegalStateException(shardDir + ": the journal starts at engine sequence " + reader.firstSequence()
                    + " (older roll cycles were removed) and no usable snapshot covers the commands before it");
            }
            final ShardLogic logic = restored != null ? restored.logic() : fresh.get();
            final long from = restored != null ? restored.engineSequence() : 0;
            final Path used = restored != null ? restored.file() : null;

            final DecisionStage stage = new DecisionStage(logic, (sequence, failure) ->
                LOG.warn("recovering {}: command at engine sequence {} failed, as it did when first applied", shardDir, sequence, failure),
                from);
            final ExpandableArrayBuffer result = new ExpandableArrayBuffer(4096);
            final CommandCursor commands = reader.commands();
            commands.skipTo(from);
            long replayed = 0;
            while (commands.next())
            {
                stage.decide(commands.command(), commands.length(), result);
                replayed++;
            }
            return new Recovery(logic, stage.engineSequence(), from, replayed, used);
        }
    }

    /**
     * Logic restored from a snapshot, at the snapshot's engine sequence.
     */
    record Restored(ShardLogic logic, long engineSequence, Path file)
    {
    }

    /**
     * @param atLeast   the lowest engine sequence a snapshot may be taken at: the one before the journal's first command.
     * @param atMost    the highest.
     * @param journaled the engine sequence of the journal's last command: a snapshot past it ran ahead of a journal
     *                  that did not survive.
     * @return logic restored from the newest snapshot that passes every check, or null if none does.
     */
    static Restored newestUsable(final FileSnapshotStore snapshots, final long atLeast, final long atMost, final long journaled,
        final Supplier<ShardLogic> fresh)
    {
        return firstUsable(snapshots.newestFirst(), atLeast, atMost, journaled, fresh);
    }

    /**
     * As {@link #newestUsable}, from the oldest snapshot.
     */
    static Restored oldestUsable(final FileSnapshotStore snapshots, final long atLeast, final long atMost, final long journaled,
        final Supplier<ShardLogic> fresh)
    {
        final List<Path> oldestFirst = new ArrayList<>(snapshots.newestFirst());
        Collections.reverse(oldestFirst);
        return firstUsable(oldestFirst, atLeast, atMost, journaled, fresh);
    }

    private static Restored firstUsable(final List<Path> files, final long atLeast, final long atMost, final long journaled,
        final Supplier<ShardLogic> fresh)
    {
        for (final Path file : files)
        {
            final Restored restored = restore(file, atLeast, atMost, journaled, fresh);
            if (restored != null)
            {
                return restored;
            }
        }
        return null;
    }

    /**
     * @return logic restored from {@code file}, or null if the snapshot is not usable.
     */
    private static Restored restore(final Path file, final long atLeast, final long atMost, final long journaled,
        final Supplier<ShardLogic> fresh)
    {
        final Optional<FileSnapshotStore.Snapshot> read = FileSnapshotStore.read(file);
        if (read.isEmpty())
        {
            LOG.warn("snapshot {} is corrupt; trying the one before", file);
            return null;
        }
        final FileSnapshotStore.Snapshot snapshot = read.get();
        if (snapshot.engineSequence() > journaled)
        {
            LOG.warn("snapshot {} is at engine sequence {}, past the journal's {} commands; trying the one before",
                file, snapshot.engineSequence(), journaled);
            return null;
        }
        if (snapshot.engineSequence() < atLeast)
        {
            LOG.warn("snapshot {} is at engine sequence {}, before the journal's first command {}; trying the one before",
                file, snapshot.engineSequence(), atLeast + 1);
            return null;
        }
        if (snapshot.engineSequence() > atMost)
        {
            return null;
        }
        final ShardLogic logic = fresh.get();
        try
        {
            final long engineSequence = logic.restore(new UnsafeBuffer(snapshot.state()), 0, snapshot.state().length);
            final long stateHash = logic.stateHash(engineSequence);
            if (engineSequence != snapshot.engineSequence() || stateHash != snapshot.stateHash())
            {
                LOG.warn("snapshot {} restores to engine sequence {} and state hash {}, not {} and {}; trying the one before",
                    file, engineSequence, Long.toHexString(stateHash), snapshot.engineSequence(), Long.toHexString(snapshot.stateHash()));
                return null;
            }
            return new Restored(logic, engineSequence, file);
        }
        catch (final StateFormatException ex)
        {
            LOG.warn("snapshot {} cannot be read back ({}); trying the one before", file, ex.getMessage());
            return null;
        }
    }
}
