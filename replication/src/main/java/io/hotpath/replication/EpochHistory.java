package io.hotpath.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A replicated shard's epochs and the engine sequence at which each began, in {@code shard-N/epochs}:
 *
 * <pre>
 *   # Hotpath epochs: epoch, engine sequence of its first command
 *   1 1
 *   2 48213
 * </pre>
 *
 * Every command at or after an epoch's first sequence (and before the next epoch's) was written by that epoch's one
 * leader, so two journals that agree on the epoch of an entry agree on every entry up to it. That is what lets a leader
 * tell a returning node where its journal leaves the leader's: at the first sequence of the first epoch after the last
 * one the node has. The leader's history is authoritative; a follower takes it whole at each handshake. Each epoch's first
 * command is also journaled, as {@code LeaderElected}, for the journal tools. Written whole under a temporary name and
 * renamed.
 */
public final class EpochHistory
{
    /** The file's name in a shard's journal directory. */
    public static final String FILE = "epochs";
    private static final String HEADER = "# Hotpath epochs: epoch, engine sequence of its first command";

    private final long[] epochs;
    private final long[] firsts;

    private EpochHistory(final long[] epochs, final long[] firsts)
    {
        this.epochs = epochs;
        this.firsts = firsts;
    }

    public static EpochHistory empty()
    {
        return new EpochHistory(new long[0], new long[0]);
    }

    /**
     * @param pairs epoch, first sequence, epoch, first sequence, ... in increasing epoch order.
     */
    public static EpochHistory of(final long... pairs)
    {
        if (pairs.length % 2 != 0)
        {
            throw new IllegalArgumentException("epoch history needs pairs: " + Arrays.toString(pairs));
        }
        final long[] epochs = new long[pairs.length / 2];
        final long[] firsts = new long[pairs.length / 2];
        for (int i = 0; i < epochs.length; i++)
        {
            epochs[i] = pairs[2 * i];
            firsts[i] = pairs[2 * i + 1];
            if (i > 0 && (epochs[i] <= epochs[i - 1] || firsts[i] < firsts[i - 1]))
            {
                throw new IllegalArgumentException("epochs must rise and start in order: " + Arrays.toString(pairs));
            }
        }
        return new EpochHistory(epochs, firsts);
    }

    /**
     * @return the history in {@code shardDir}, empty if it has none.
     */
    public static EpochHistory read(final Path shardDir)
    {
        final Path file = shardDir.resolve(FILE);
        if (!Files.exists(file))
        {
            return empty();
        }
        try
        {
            final List<Long> pairs = new ArrayList<>();
            for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
            {
                final String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#"))
                {
                    continue;
                }
                final String[] fields = trimmed.split("\\s+");
                if (fields.length != 2)
                {
                    throw new IllegalStateException(file + ": expected an epoch and an engine sequence, was '" + trimmed + "'");
                }
                pairs.add(Long.parseLong(fields[0]));
                pairs.add(Long.parseLong(fields[1]));
            }
            return of(pairs.stream().mapToLong(Long::longValue).toArray());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * Writes this history to {@code shardDir}, replacing what is there.
     */
    public void write(final Path shardDir)
    {
        final List<String> lines = new ArrayList<>(epochs.length + 1);
        lines.add(HEADER);
        for (int i = 0; i < epochs.length; i++)
        {
            lines.add(epochs[i] + " " + firsts[i]);
        }
        final Path file = shardDir.resolve(FILE);
        final Path temporary = shardDir.resolve(FILE + ".tmp");
        try
        {
            Files.createDirectories(shardDir);
            Files.write(temporary, lines, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * @return this history with {@code epoch} beginning at {@code firstSequence}; epochs that began at or after it and are
     *         not older are replaced (a leader elected again before it wrote anything).
     */
    public EpochHistory with(final long epoch, final long firstSequence)
    {
        if (epochs.length > 0 && epoch <= lastEpoch())
        {
            throw new IllegalArgumentException("epoch " + epoch + " is not after " + lastEpoch());
        }
        final long[] newEpochs = Arrays.copyOf(epochs, epochs.length + 1);
        final long[] newFirsts = Arrays.copyOf(firsts, firsts.length + 1);
        newEpochs[epochs.length] = epoch;
        newFirsts[firsts.length] = Math.max(firstSequence, firsts.length == 0 ? 0 : firsts[firsts.length - 1]);
        return new EpochHistory(newEpochs, newFirsts);
    }

    /**
     * @return the newest epoch, 0 for none.
     */
    public long lastEpoch()
    {
        return epochs.length == 0 ? 0 : epochs[epochs.length - 1];
    }

    /**
     * @return the epoch whose leader wrote the command at {@code engineSequence}: 0 if no epoch began by then.
     */
    public long epochAt(final long engineSequence)
    {
        long epoch = 0;
        for (int i = 0; i < epochs.length && firsts[i] <= engineSequence; i++)
        {
            epoch = epochs[i];
        }
        return epoch;
    }

    /**
     * @return the first engine sequence of the first epoch after {@code epoch}, or -1 if none came after it.
     */
    public long firstSequenceAfter(final long epoch)
    {
        for (int i = 0; i < epochs.length; i++)
        {
            if (epochs[i] > epoch)
            {
                return firsts[i];
            }
        }
        return -1;
    }

    /**
     * Where a node's journal leaves this (the leader's) history, Raft's log-matching rule: entries written in the same
     * epoch at the same sequence are the same entries.
     *
     * @param lastEpoch    the epoch of the node's last command (0 for none).
     * @param lastSequence the engine sequence of the node's last command.
     * @param leaderLast   the engine sequence of the leader's last command.
     * @return the last engine sequence the node shares with the leader: {@code lastSequence} when it has nothing else;
     *         -1 when the node's last epoch is one this history does not know (a leader elected and cut off before anyone
     *         followed it), so nothing it holds can be trusted.
     */
    public long commonPrefix(final long lastEpoch, final long lastSequence, final long leaderLast)
    {
        if (lastEpoch != 0 && Arrays.binarySearch(epochs, lastEpoch) < 0)
        {
            return -1;
        }
        long common = Math.min(lastSequence, leaderLast);
        final long next = firstSequenceAfter(lastEpoch);
        if (next > 0)
        {
            common = Math.min(common, next - 1);
        }
        return common;
    }

    /**
     * @return epoch, first sequence pairs, oldest first.
     */
    public long[] pairs()
    {
        final long[] pairs = new long[epochs.length * 2];
        for (int i = 0; i < epochs.length; i++)
        {
            pairs[2 * i] = epochs[i];
            pairs[2 * i + 1] = firsts[i];
        }
        return pairs;
    }

    @Override
    public String toString()
    {
        return Arrays.toString(pairs());
    }
}
