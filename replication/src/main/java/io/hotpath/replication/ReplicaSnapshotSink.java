package io.hotpath.replication;

import io.hotpath.core.logic.SnapshotSink;
import java.util.function.BooleanSupplier;
import org.agrona.DirectBuffer;

/**
 * The snapshot sink of a replicated shard's logic, which keeps it as the shard's replica changes role: a follower stores
 * every snapshot its stream asks for; a leader stores none while it has a live follower, which stores it instead, so the
 * leader's logic thread only hashes its state for the followers to check theirs against.
 *
 * <p>Whether it stores is asked when the snapshot command is applied, so what a replica stores differs by role but what
 * the logic answers (the state hash) does not: leader and followers reach the same result.
 */
public final class ReplicaSnapshotSink implements SnapshotSink
{
    private static final BooleanSupplier NEVER = () -> false;

    private volatile SnapshotSink store;
    private volatile BooleanSupplier followersTakeThem = NEVER;

    public ReplicaSnapshotSink(final SnapshotSink store)
    {
        this.store = store;
    }

    /**
     * @param store where snapshots go when this replica stores them.
     */
    public void store(final SnapshotSink store)
    {
        this.store = store;
    }

    /**
     * @param followersTakeThem true while this replica leads and has a follower that stores snapshots instead.
     */
    public void followersTakeThem(final BooleanSupplier followersTakeThem)
    {
        this.followersTakeThem = followersTakeThem == null ? NEVER : followersTakeThem;
    }

    @Override
    public boolean wantsState()
    {
        return !followersTakeThem.getAsBoolean();
    }

    @Override
    public boolean write(final long snapshotId, final long engineSequence, final long stateHash, final DirectBuffer state, final int offset,
        final int length)
    {
        // The logic passes no state only when it was told not to encode it: an encoded state is never empty.
        return length == 0 || store.write(snapshotId, engineSequence, stateHash, state, offset, length);
    }

    @Override
    public boolean takesArrays()
    {
        return store.takesArrays();
    }

    @Override
    public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
    {
        return store.take(snapshotId, engineSequence, stateHash, state, length);
    }

    @Override
    public byte[] spareArray(final long bytes)
    {
        return store.spareArray(bytes);
    }

    /**
     * Passed on whatever the role: a leader that only hashed its state was held for that long too.
     */
    @Override
    public void held(final long engineSequence, final long nanos)
    {
        store.held(engineSequence, nanos);
    }
}
