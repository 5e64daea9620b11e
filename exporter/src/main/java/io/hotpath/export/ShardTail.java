package io.hotpath.export;

import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one shard's results journal while the engine writes it (or after it stopped), and pairs
 * each result with the command it answers: results are released in command order, so the command
 * cursor only ever moves forward to the result's command.
 *
 * <p>Not thread-safe; owned by one exporter thread.
 */
final class ShardTail implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ShardTail.class);

    private final int shard;
    private final JournalReader reader;
    private final CommandCursor commands;
    private final ResultCursor results;
    private final ResultMetaDecoder resultMeta = new ResultMetaDecoder();
    private long commandRead = -1;
    private Position position = Position.START;
    private long unpaired;

    ShardTail(final Path shardDir, final int shard)
    {
        this.shard = shard;
        this.reader = JournalReader.open(shardDir);
        this.commands = reader.commands();
        this.results = reader.results();
    }

    /**
     * Positions the tail so that the next result read is the one after {@code after}.
     *
     * @throws IllegalStateException if the journal no longer holds that result (retention removed its cycle):
     *         resuming would leave a gap.
     */
    void resumeAfter(final Position after)
    {
        position = after;
        if (after.isStart())
        {
            commands.seekStart();
            results.seekStart();
            commandRead = -1;
            return;
        }
        if (!results.seekIndex(after.resultIndex()) || !results.next() || results.index() != after.resultIndex()
            || !commands.seekIndex(after.commandIndex(), after.engineSequence()) || !commands.next())
        {
            throw new IllegalStateException("shard " + shard + ": the journal no longer holds result 0x"
                + Long.toHexString(after.resultIndex()) + " (engine sequence " + after.engineSequence()
                + ") where the sink stopped; its roll cycle was removed by retention. Export the gap from an archive, "
                + "or move the sink's position on by hand");
        }
        commandRead = commands.index();
    }

    /**
     * Reads the next result that answers a command present in the journal.
     *
     * @return false when the journal holds no more results for now.
     */
    boolean next()
    {
        while (results.next())
        {
            final long commandIndex = results.commandIndex();
            while (commandRead < commandIndex && commands.next())
            {
                commandRead = commands.index();
            }
            if (commandRead == commandIndex)
            {
                position = new Position(results.index(), commandIndex, commands.sequence());
                return true;
            }
            // The command is not there: removed by retention before this result's cycle was, or never whole.
            unpaired++;
            LOG.atError().addKeyValue("event", "export-unpaired").addKeyValue("shard", shard)
                .log("shard {}: result 0x{} answers command 0x{}, which the journal does not hold; passed over", shard,
                    Long.toHexString(results.index()), Long.toHexString(commandIndex));
            if (commandRead > commandIndex)
            {
                continue;
            }
            return false;
        }
        return false;
    }

    /**
     * @return where the tail is: the result last read by {@link #next()}, or where it resumed.
     */
    Position position()
    {
        return position;
    }

    long sequence()
    {
        return commands.sequence();
    }

    CommandCursor commands()
    {
        return commands;
    }

    DirectBuffer command()
    {
        return commands.command();
    }

    DirectBuffer result()
    {
        return results.result();
    }

    long resultTime()
    {
        return results.egressTime();
    }

    long commandTime()
    {
        return commands.ingressTime();
    }

    /**
     * @return true if the result was answered from the idempotency cache: a retry, whose first answer was exported
     *         with the first command.
     */
    boolean isRetry()
    {
        return resultMeta.wrap(results.result(), MessageHeaderDecoder.ENCODED_LENGTH).engineSequence() != commands.sequence();
    }

    /**
     * @return entries whose checksum failed (commands and results) and results whose command the journal lacks.
     */
    long poison()
    {
        return commands.torn() + results.torn() + unpaired;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
