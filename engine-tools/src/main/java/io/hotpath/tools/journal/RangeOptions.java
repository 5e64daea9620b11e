package io.hotpath.tools.journal;

import io.hotpath.journal.Bound;
import io.hotpath.journal.JournalReplayer;
import picocli.CommandLine.Option;

/**
 * Which commands a journal command looks at: a range of engine sequences or of command time, and a tenant.
 */
final class RangeOptions
{
    @Option(names = "--from", paramLabel = "SEQ|INDEX|TIME",
        description = "First command: an engine sequence (the n-th command of a shard, from 1), a journal index (0x..., as dump "
            + "prints) or an ISO-8601 instant of command time.")
    String from;

    @Option(names = "--to", paramLabel = "SEQ|INDEX|TIME", description = "Last command, as --from.")
    String to;

    @Option(names = "--tenant", paramLabel = "ID",
        description = "Only this tenant's commands and results (a replay still applies every command).")
    long tenant;

    Bound fromBound()
    {
        return Bound.parse(from);
    }

    Bound toBound()
    {
        return Bound.parse(to);
    }

    JournalReplayer.Range range()
    {
        return new JournalReplayer.Range(fromBound(), toBound(), tenant);
    }
}
