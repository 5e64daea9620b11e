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
     * @return false if this sink stores nothing, so the logic need not encode its state: a replicated shard's leader,
     *         whose followers take the snapshots at the same command.
     */
    default boolean wantsState()
    {
        return true;
    }
}
