package io.hotpath.journal.tools;

import io.hotpath.journal.Bound;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * Writes a shard's journal entries as JSON lines, one entry a line, commands and (optionally)
 * results, filtered:
 *
 * <pre>
 *   {"shard":0,"entry":"command","sequence":"812","index":"0x512c0000032b","type":"DecidePayment",
 *    "time":"2026-11-23T06:01:02.003Z","message":{...}}
 *   {"shard":0,"entry":"result","sequence":"812","commandIndex":"0x512c0000032b","type":"PaymentDecision",
 *    "time":"2026-11-23T06:01:02.004Z","message":{...}}
 *   {"shard":0,"entry":"result","sequence":"815",...,"answeredFrom":"idempotency cache","firstSequence":"812",
 *    "message":{...}}
 * </pre>
 *
 * The sequence of a command is its engine sequence: the n-th whole command of the shard's journal;
 * a result's is that of the command it answers. A retry of a command with an idempotency key is a
 * command of its own, answered with the first result as it was: its result line says so and names
 * the first command's sequence (which the message's own meta carries too). Every 64-bit integer,
 * in the envelope and in the message, is a JSON string, as the proto3 JSON mapping writes int64.
 * A result's time is when it was released; a command's, when it entered the engine.
 */
public final class JournalDump
{
    private static final String FROM_CACHE = "\"answeredFrom\":\"idempotency cache\",\"firstSequence\":\"";

    /**
     * @param tenant  only this tenant's entries; 0 for every tenant.
     * @param types   only these message names (commands or results), such as {@code DecidePayment}; empty for all.
     * @param id      only entries with this correlation, payment or quote id; 0 for any.
     * @param from    the first command or result time, or sequence; {@link Bound#NONE} for the start.
     * @param to      the last one; {@link Bound#NONE} for the end.
     * @param results also write results.
     */
    public record Filter(long tenant, Set<String> types, long id, Bound from, Bound to, boolean results)
    {
    }

    private JournalDump()
    {
    }

    /**
     * @return entries written.
     */
    public static long dump(final Path shardDir, final Filter filter, final PrintStream out)
    {
        final int shardId = JournalSelection.shardId(shardDir);
        final MessageJson json = new MessageJson();
        final JournalEntries entries = new JournalEntries();
        long written = 0;
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final CommandCursor commands = reader.commands();
            final ResultCursor results = filter.results() ? reader.results() : null;
            boolean resultPending = results != null && results.next();
            while (commands.next())
            {
                final long sequence = commands.sequence();
                final long time = commands.ingressTime();
                if (!filter.to().upperAdmits(commands))
                {
                    break;
                }
                final boolean inRange = filter.from().lowerAdmits(commands);
                final String type = json.name(commands.templateId());
                if (inRange && selected(filter, commands.tenantId(), type)
                    && (filter.id() == 0 || entries.commandHasId(commands.command(), filter.id())))
                {
                    out.printf("{\"shard\":%d,\"entry\":\"command\",\"sequence\":\"%d\",\"index\":\"0x%x\",\"type\":\"%s\",\"time\":\"%s\","
                        + "\"message\":%s}%n", shardId, sequence, commands.index(), type, JournalEntries.instant(time),
                        json.print(commands.command(), 0));
                    written++;
                }
                while (resultPending && results.commandIndex() <= commands.index())
                {
                    if (inRange && results.commandIndex() == commands.index())
                    {
                        final String resultType = json.name(entries.templateId(results.result()));
                        if (selected(filter, entries.resultTenant(results.result()), resultType)
                            && (filter.id() == 0 || entries.resultHasId(results.result(), filter.id())))
                        {
                            // A retry of a keyed command is answered with the first result as it was, which names the
                            // engine sequence that decided it.
                            final long decidedAt = entries.resultSequence(results.result());
                            out.printf("{\"shard\":%d,\"entry\":\"result\",\"sequence\":\"%d\",\"commandIndex\":\"0x%x\",\"type\":\"%s\","
                                + "\"time\":\"%s\",%s\"message\":%s}%n", shardId, sequence, results.commandIndex(), resultType,
                                JournalEntries.instant(results.egressTime()),
                                decidedAt == sequence ? "" : FROM_CACHE + decidedAt + "\",",
                                json.print(results.result(), 0));
                            written++;
                        }
                    }
                    resultPending = results.next();
                }
            }
        }
        return written;
    }

    private static boolean selected(final Filter filter, final long tenant, final String type)
    {
        return (filter.tenant() == 0 || filter.tenant() == tenant) && (filter.types().isEmpty() || filter.types().contains(type));
    }
}
