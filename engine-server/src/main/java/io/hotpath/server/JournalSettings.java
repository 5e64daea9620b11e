package io.hotpath.server;

import com.typesafe.config.Config;
import io.hotpath.journal.Durability;
import io.hotpath.journal.JournalRetention;
import io.hotpath.journal.JournalRollCycles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import net.openhft.chronicle.queue.RollCycle;

/**
 * The {@code hotpath.journal} block: where the shards' journals live, what a reply promises about
 * them, how they roll, snapshot and are trimmed.
 *
 * @param dir               root of the shards' journals.
 * @param durability        what a reply promises about its command's journal entry.
 * @param rollCycle         how often a new journal file starts, for a new journal.
 * @param snapshotInterval  how often each shard takes a snapshot; zero for never.
 * @param snapshotsKept     snapshots kept per shard.
 * @param retention         what happens to old roll cycles.
 * @param retentionInterval how often the retention policy is applied.
 */
public record JournalSettings(
    Path dir,
    Durability durability,
    RollCycle rollCycle,
    Duration snapshotInterval,
    int snapshotsKept,
    JournalRetention.Policy retention,
    Duration retentionInterval)
{
    public JournalSettings
    {
        if (snapshotInterval.isNegative() || snapshotsKept < 1)
        {
            throw new IllegalArgumentException("hotpath.journal.snapshot-interval must be >= 0 and snapshots-kept >= 1");
        }
        if (retention.mode() != JournalRetention.Mode.KEEP && (retentionInterval.isNegative() || retentionInterval.isZero()))
        {
            throw new IllegalArgumentException("hotpath.journal.retention.interval must be positive: " + retentionInterval);
        }
    }

    /**
     * @param journal the {@code hotpath.journal} block.
     */
    static JournalSettings from(final Config journal)
    {
        final Config retention = journal.getConfig("retention");
        final String mode = retention.getString("mode");
        final JournalRetention.Mode retentionMode;
        try
        {
            retentionMode = JournalRetention.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath.journal.retention.mode must be keep, delete or archive: " + mode, ex);
        }
        return new JournalSettings(
            Path.of(journal.getString("dir")),
            EngineSettings.enumValue(Durability.class, journal, "durability"),
            JournalRollCycles.parse(journal.getString("roll-cycle")),
            journal.getDuration("snapshot-interval"),
            journal.getInt("snapshots-kept"),
            new JournalRetention.Policy(retentionMode, retention.getInt("keep-cycles"),
                retentionMode == JournalRetention.Mode.ARCHIVE ? Path.of(retention.getString("archive-dir")) : null),
            retention.getDuration("interval"));
    }
}
