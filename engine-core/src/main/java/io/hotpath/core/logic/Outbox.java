package io.hotpath.core.logic;

import org.agrona.DirectBuffer;

/**
 * Where the logic stages the messages a command causes beyond its own result (price stream
 * updates, say). The shard releases them after that command's result, so they obey the same rule
 * as results: nothing leaves the engine before the command that caused it is journaled.
 *
 * <p>Staged messages are derived from journaled commands, so they are never journaled themselves;
 * a command's result carries what a replay needs to verify them (their count and a hash).
 *
 * <p>Not thread-safe; staged into by the shard's logic thread only.
 */
@FunctionalInterface
public interface Outbox
{
    /** For logic with no one downstream, such as logic under replay: staged messages are dropped. */
    Outbox DISCARD = (engineSequence, message, offset, length) ->
    {
    };

    /**
     * Stages one message. May wait, never fail: an outbox holds at least what one command can
     * stage, and egress drains it independently of the logic.
     *
     * @param engineSequence the command that caused the message; it is released after that command's result.
     */
    void stage(long engineSequence, DirectBuffer message, int offset, int length);
}
