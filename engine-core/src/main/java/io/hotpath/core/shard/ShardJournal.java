package io.hotpath.core.shard;

import org.agrona.DirectBuffer;

/**
 * Where a shard writes its commands before any result is released, and its results after.
 *
 * <p>Two threads use it, each for its own half: {@link #appendCommand} and {@link #commitBatch} are
 * called only by the shard's journal thread, {@link #appendResult} only by its egress thread.
 * {@link #close()} is called once, after both threads have stopped.
 */
public interface ShardJournal extends AutoCloseable
{
    /**
     * Appends one command.
     *
     * @return the journal index of the entry.
     */
    long appendCommand(DirectBuffer buffer, int offset, int length);

    /**
     * Ends a batch of appended commands. A journal that promises power-loss durability makes the
     * batch durable here (group commit); results of the batch are released only after it returns.
     */
    void commitBatch();

    /**
     * Appends the result of the command at {@code commandIndex}.
     */
    void appendResult(long commandIndex, long egressAt, DirectBuffer buffer, int offset, int length);

    @Override
    void close();
}
