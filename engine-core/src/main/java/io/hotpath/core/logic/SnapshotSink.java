package io.hotpath.core.logic;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
     * @return true if this sink would rather take the array a snapshot was encoded into ({@link #take}) than copy it in
     *         {@link #write}: one that stores snapshots from a thread of its own.
     */
    default boolean takesArrays()
    {
        return false;
    }

    /**
     * {@link #write}, given the array the state was encoded into, which the sink takes: the caller does not touch it
     * again, unless {@link #spareArray} gives it back once it is stored. By default it is written through {@link #write}.
     *
     * @param state  the encoded state in its first {@code length} bytes.
     * @return true if the snapshot is stored durably, or queued to be.
     */
    default boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
    {
        return write(snapshotId, engineSequence, stateHash, new UnsafeBuffer(state), 0, length);
    }

    /**
     * @return an array of at least {@code bytes} bytes that {@link #take} was given and that is stored, for the logic to
     *         encode its next snapshot into rather than allocate one on its thread; null if there is none.
     */
    default byte[] spareArray(final long bytes)
    {
        return null;
    }

    /**
     * Told on the logic thread between snapshots (at each tick) how many bytes the next snapshot will ask
     * {@link #spareArray} for. A sink that takes arrays can make one that large ready on a thread of its own, so that
     * the logic thread does not allocate it at the snapshot. Returns at once; allocates nothing once an array that large
     * is ready.
     */
    default void expect(final long bytes)
    {
    }

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
     * Runs {@code task} on a thread of the sink's own, if it has one, and returns at once. Called on the logic thread while
     * a snapshot is taken, with the domains' share of the state hash, which the logic thread runs itself once it has encoded
     * the state if the sink's thread has not begun it by then: a sink's thread that is busy, or has none (this default),
     * costs nothing, and the task may run late or not at all.
     */
    default void runAside(final Runnable task)
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
