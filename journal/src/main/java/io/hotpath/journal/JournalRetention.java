package io.hotpath.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Removes a shard's old roll cycles, by deleting them or by moving them to an archive, under a
 * policy that never loses what a restart or a replay needs:
 *
 * <pre>
 *   a command cycle goes when    it is not the newest cycle (the one being written),
 *                                more than keepCycles newer cycles follow it, and
 *                                the oldest snapshot that passes its checksum was taken at or after
 *                                its last command (so every snapshot a restart may fall back on
 *                                still has its tail in the journal)
 *   cycles go oldest first, and stop at the first that must stay
 *   a result cycle goes          when it is older than the oldest command cycle left: a result is
 *                                written after its command, so it holds only results of removed commands
 * </pre>
 *
 * Before anything goes, the {@link CycleLedger} is written with the engine sequence of every cycle
 * present, so commands keep their numbers. Archived cycles keep theirs too: the archive directory
 * is a journal of its own ({@code ARCHIVE/shard-N/commands}, {@code results}, {@code commands.ledger})
 * that the journal tools read, and that holds the whole history up to the live journal when
 * archiving was on from the start.
 *
 * <p>Safe while the engine writes the journal: the cycle being written never goes, and Chronicle
 * Queue lets readers and writers of a queue see cycles removed. Not for two retentions of one
 * shard at once.
 */
public final class JournalRetention
{
    /** What happens to old cycles. */
    public enum Mode
    {
        /** Nothing: the journal grows. */
        KEEP,
        /** They are deleted. */
        DELETE,
        /** They move to the archive directory. */
        ARCHIVE
    }

    /**
     * @param mode       what happens to old cycles.
     * @param keepCycles command cycles always kept, besides the newest.
     * @param archiveDir where {@link Mode#ARCHIVE} moves them: {@code archiveDir/shard-N/...}; null otherwise.
     */
    public record Policy(Mode mode, int keepCycles, Path archiveDir)
    {
        public static final Policy KEEP_ALL = new Policy(Mode.KEEP, 0, null);

        public Policy
        {
            if (keepCycles < 0)
            {
                throw new IllegalArgumentException("hotpath.journal.retention.keep-cycles must be >= 0: " + keepCycles);
            }
            if (mode == Mode.ARCHIVE && archiveDir == null)
            {
                throw new IllegalArgumentException("hotpath.journal.retention.archive-dir is needed to archive");
            }
        }
    }

    /**
     * What one pass removed.
     *
     * @param commandCycles  command cycles removed.
     * @param resultCycles   result cycles removed.
     * @param firstSequence  the engine sequence of the journal's first command afterwards.
     * @param snapshotFloor  the oldest usable snapshot's engine sequence, 0 if there is none.
     */
    public record Report(List<Integer> commandCycles, List<Integer> resultCycles, long firstSequence, long snapshotFloor)
    {
        public boolean removedAny()
        {
            return !commandCycles.isEmpty() || !resultCycles.isEmpty();
        }
    }

    private JournalRetention()
    {
    }

    /**
     * Applies {@code policy} to one shard's journal once.
     */
    public static Report apply(final Path shardDir, final Policy policy)
    {
        return apply(shardDir, policy, Long.MAX_VALUE);
    }

    /**
     * Applies {@code policy} to one shard's journal once, removing no cycle that holds a command after
     * {@code heldElsewhereUpTo}: a replicated shard's leader passes the engine sequence every follower holds, so a cycle
     * goes only once every follower has it.
     */
    public static Report apply(final Path shardDir, final Policy policy, final long heldElsewhereUpTo)
    {
        final Path ledgerFile = JournalDescriptor.ledgerFile(shardDir);
        try (SingleChronicleQueue commands = ChronicleQueue.singleBuilder(JournalDescriptor.commandsDir(shardDir)).build();
            SingleChronicleQueue results = ChronicleQueue.singleBuilder(JournalDescriptor.resultsDir(shardDir)).build())
        {
            commands.refreshDirectoryListing();
            results.refreshDirectoryListing();
            final NavigableMap<Integer, Long> ledger = CycleLedger.read(ledgerFile);
            final long firstSequence = commands.firstCycle() == Integer.MAX_VALUE ? 1
                : CycleLedger.firstSequence(ledger, commands.firstCycle(), ledgerFile);
            if (policy.mode() == Mode.KEEP || commands.firstCycle() == Integer.MAX_VALUE)
            {
                return new Report(List.of(), List.of(), firstSequence, 0);
            }
            final List<Integer> cycles = cycles(commands);
            final NavigableMap<Integer, Long> numbered = number(shardDir, cycles, ledger, firstSequence);
            final long floor = oldestSnapshot(shardDir);

            // A cycle's last command is one before the next cycle's first; the newest cycle is never a candidate.
            final List<Integer> removable = new ArrayList<>();
            for (int i = 0; i < cycles.size() - 1 - policy.keepCycles(); i++)
            {
                final long lastOfCycle = numbered.get(cycles.get(i + 1)) - 1;
                if (floor == 0 || lastOfCycle > floor || lastOfCycle > heldElsewhereUpTo)
                {
                    break;
                }
                removable.add(cycles.get(i));
            }
            CycleLedger.write(ledgerFile, numbered);
            if (removable.isEmpty())
            {
                return new Report(List.of(), List.of(), firstSequence, floor);
            }

            final int firstKept = cycles.get(removable.size());
            final List<Integer> resultCycles = new ArrayList<>();
            for (final int cycle : cycles(results))
            {
                if (cycle < firstKept && cycle != results.lastCycle())
                {
                    resultCycles.add(cycle);
                }
            }
            if (policy.mode() == Mode.ARCHIVE)
            {
                archiveLedger(policy.archiveDir(), shardDir, numbered, firstKept);
            }
            for (final int cycle : removable)
            {
                remove(commands, cycle, policy, shardDir, "commands");
            }
            for (final int cycle : resultCycles)
            {
                remove(results, cycle, policy, shardDir, "results");
            }
            commands.refreshDirectoryListing();
            results.refreshDirectoryListing();
            return new Report(List.copyOf(removable), List.copyOf(resultCycles), numbered.get(firstKept), floor);
        }
    }

    private static List<Integer> cycles(final SingleChronicleQueue queue)
    {
        if (queue.firstCycle() == Integer.MAX_VALUE)
        {
            return List.of();
        }
        final NavigableSet<Long> present = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
        final List<Integer> cycles = new ArrayList<>(present.size());
        present.forEach(cycle -> cycles.add(cycle.intValue()));
        return cycles;
    }

    /**
     * @return the engine sequence of the first command of every cycle present: from the ledger
     *         where it has them, by counting whole commands for the cycles after its last.
     */
    private static NavigableMap<Integer, Long> number(final Path shardDir, final List<Integer> cycles,
        final NavigableMap<Integer, Long> ledger, final long firstSequence)
    {
        final NavigableMap<Integer, Long> numbered = new TreeMap<>(ledger.tailMap(cycles.get(0), true));
        numbered.put(cycles.get(0), firstSequence);
        final int lastKnown = numbered.lastKey();
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final RollCycle rollCycle = reader.rollCycle();
            final CommandCursor cursor = reader.commands();
            if (lastKnown != cycles.get(0) && !cursor.seekCycle(lastKnown, numbered.get(lastKnown)))
            {
                // Count from the start instead: cycles the ledger numbers keep its numbers.
                cursor.seekStart();
            }
            int at = lastKnown;
            while (cursor.next())
            {
                final int cycle = rollCycle.toCycle(cursor.index());
                if (cycle != at)
                {
                    for (final int present : cycles)
                    {
                        if (present > at && present <= cycle)
                        {
                            numbered.putIfAbsent(present, cursor.sequence());
                        }
                    }
                    at = cycle;
                }
            }
            for (final int present : cycles)
            {
                numbered.putIfAbsent(present, cursor.sequence() + 1);
            }
        }
        return numbered;
    }

    /**
     * @return the engine sequence of the oldest snapshot that passes its checksum, or 0 if none does.
     */
    private static long oldestSnapshot(final Path shardDir)
    {
        long oldest = 0;
        for (final Path file : new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir)).newestFirst())
        {
            final Optional<FileSnapshotStore.Snapshot> snapshot = FileSnapshotStore.read(file);
            if (snapshot.isPresent())
            {
                oldest = oldest == 0 ? snapshot.get().engineSequence() : Math.min(oldest, snapshot.get().engineSequence());
            }
        }
        return oldest;
    }

    private static void archiveLedger(final Path archiveRoot, final Path shardDir, final NavigableMap<Integer, Long> numbered,
        final int firstKept)
    {
        final Path archive = archiveRoot.resolve(shardDir.getFileName());
        final Path ledgerFile = JournalDescriptor.ledgerFile(archive);
        final NavigableMap<Integer, Long> ledger = CycleLedger.read(ledgerFile);
        ledger.putAll(numbered.headMap(firstKept, false));
        try
        {
            Files.createDirectories(archive);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + archive, ex);
        }
        CycleLedger.write(ledgerFile, ledger);
    }

    private static void remove(final SingleChronicleQueue queue, final int cycle, final Policy policy, final Path shardDir,
        final String half)
    {
        final Path file = cycleFile(queue, cycle);
        try
        {
            if (policy.mode() == Mode.ARCHIVE)
            {
                final Path target = policy.archiveDir().resolve(shardDir.getFileName()).resolve(half).resolve(file.getFileName());
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            else
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + file, ex);
        }
    }

    /**
     * @return the file of a roll cycle: its start, formatted by the cycle's pattern, in UTC.
     */
    static Path cycleFile(final SingleChronicleQueue queue, final int cycle)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final DateTimeFormatter format = DateTimeFormatter.ofPattern(rollCycle.format(), Locale.ROOT).withZone(ZoneOffset.UTC);
        final long start = (long)cycle * rollCycle.lengthInMillis() + queue.epoch();
        return queue.file().toPath().resolve(format.format(Instant.ofEpochMilli(start)) + SingleChronicleQueue.SUFFIX);
    }
}
