package io.hotpath.core.logic;

import org.agrona.DirectBuffer;

/**
 * Stores a shard's state as of one point of its command stream.
 *
 * <p>Called on the shard's logic thread when a {@code TakeSnapshot} command is applied, so every
 * replica and every replay takes the snapshot at the same command.
 */
@FunctionalInterface
public interface SnapshotSink
{
    /**
     * @param snapshotId     the id the command asked for.
     * @param engineSequence commands applied up to and including the snapshot command.
     * @param stateHash      hash of the state, to be checked on load.
     * @param state          the encoded state.
     * @return true if the snapshot is stored durably.
     */
    boolean write(long snapshotId, long engineSequence, long stateHash, DirectBuffer state, int offset, int length);

    /**
     * Told on the logic thread, after {@link #write} stored or queued the snapshot, how long taking it held that thread:
     * hashing and encoding the state, and {@link #write} itself. Every command behind the snapshot waited that long.
     *
     * @param engineSequence the snapshot's engine sequence, as {@link #write} was given it.
     * @param nanos          the hold, measured on the logic thread's clock; not part of any result.
     */
    default void held(final long engineSequence, final long nanos)
    {
    }

    /**
     * @return false if this sink stores nothing, so the logic need not encode its state: a replicated shard's leader,
     *         whose followers take the snapshots at the same command.
     */
    default boolean wantsState()
    {
        return true;
    }
}
