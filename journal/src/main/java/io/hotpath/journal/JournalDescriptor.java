package io.hotpath.journal;

import java.nio.file.Path;

/**
 * Where a shard's journal lives and how its entries are laid out.
 *
 * <pre>
 *   ROOT/shard-N/commands/    Chronicle Queue: one entry per command, the SBE command message as is
 *   ROOT/shard-N/results/     Chronicle Queue: one entry per result
 *   ROOT/shard-N/snapshots/   snapshot files, see {@link FileSnapshotStore}
 *   ROOT/shard-N/commands.ledger   engine sequence of each command cycle's first command, once
 *                                  retention removed cycles; see {@link CycleLedger}
 *
 *   command entry:
 *   0                                 n         n + 4
 *   +=================================+=========+
 *   | SBE command message ...         | crc32c  |
 *   +=================================+=========+
 *
 *   result entry:
 *   0                8                16                             n         n + 4
 *   +================+================+==============================+=========+
 *   | command index  | egress time    | SBE result message ...       | crc32c  |
 *   | (int64)        | (epoch nanos)  |                              |         |
 *   +================+================+==============================+=========+
 * </pre>
 *
 * The CRC32C covers every byte of the entry before it. An entry whose checksum does not hold was
 * cut short and is not read: it was never acknowledged, since a result leaves only after its
 * command is appended whole. All integers are little-endian, as in the SBE schema.
 */
public final class JournalDescriptor
{
    public static final int RESULT_COMMAND_INDEX_OFFSET = 0;
    public static final int RESULT_EGRESS_TIME_OFFSET = 8;
    public static final int RESULT_MESSAGE_OFFSET = 16;
    /** Bytes of the checksum that ends every entry. */
    public static final int CHECKSUM_LENGTH = 4;

    private JournalDescriptor()
    {
    }

    public static Path shardDir(final Path root, final int shardId)
    {
        return root.resolve("shard-" + shardId);
    }

    public static Path commandsDir(final Path shardDir)
    {
        return shardDir.resolve("commands");
    }

    public static Path resultsDir(final Path shardDir)
    {
        return shardDir.resolve("results");
    }

    public static Path ledgerFile(final Path shardDir)
    {
        return shardDir.resolve("commands.ledger");
    }

    public static Path snapshotsDir(final Path shardDir)
    {
        return shardDir.resolve("snapshots");
    }
}
