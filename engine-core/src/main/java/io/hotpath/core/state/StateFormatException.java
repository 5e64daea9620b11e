package io.hotpath.core.state;

/**
 * A snapshot's state that cannot be read back: truncated, or written by an engine with other
 * limits. The shard falls back to an older snapshot, or to the journal from its start.
 */
public final class StateFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public StateFormatException(final String message)
    {
        super(message, null, false, false);
    }
}
