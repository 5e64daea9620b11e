package io.hotpath.export;

/**
 * How far a sink has published one shard's journal: the last result it has published (or passed
 * over), its command, and that command's engine sequence. Stored by each sink in the transaction
 * that publishes the events up to it.
 *
 * @param resultIndex    Chronicle Queue index of the result; -1 before the first.
 * @param commandIndex   Chronicle Queue index of its command; -1 before the first.
 * @param engineSequence the command's engine sequence; 0 before the first.
 */
public record Position(long resultIndex, long commandIndex, long engineSequence)
{
    /** Nothing published yet: the journal's first result is next. */
    public static final Position START = new Position(-1, -1, 0);

    public boolean isStart()
    {
        return resultIndex < 0;
    }
}
