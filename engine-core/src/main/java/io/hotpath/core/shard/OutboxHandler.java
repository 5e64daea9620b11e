package io.hotpath.core.shard;

import org.agrona.DirectBuffer;

/**
 * Receives the outbox messages of each command after the command's result is released.
 *
 * <p>Called on the shard's egress thread: an implementation must not block, and must copy what it
 * needs before returning, because the bytes are reused.
 */
@FunctionalInterface
public interface OutboxHandler
{
    void onMessage(long engineSequence, DirectBuffer message, int offset, int length);
}
