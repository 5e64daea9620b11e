package io.hotpath.core.logic;

import io.hotpath.core.state.StateFormatException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The decision logic of one shard: a deterministic function of its state and the command.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. An implementation reads time only from the
 * command's ingress timestamp and draws randomness only from a PRNG seeded from command data, so
 * that replaying the journal reproduces every result byte for byte. Business outcomes are result
 * codes in the written result; an exception means a bug, and the caller answers that one command
 * with an internal error.
 */
public interface ShardLogic
{
    /**
     * Applies one command and writes its result.
     *
     * @param command        an SBE command message with its header, at offset 0.
     * @param length         length of the command.
     * @param engineSequence commands applied by this shard, this one included.
     * @param result         where to write the SBE result message with its header, at offset 0.
     * @return the length of the result written.
     */
    int apply(DirectBuffer command, int length, long engineSequence, MutableDirectBuffer result);

    /**
     * @param engineSequence commands applied so far.
     * @return a hash of the whole state, equal for equal states on any JVM.
     */
    long stateHash(long engineSequence);

    /**
     * Reports how many keys each of its {@link EvictingTable}s has given up, for the metrics. Called on the logic thread at
     * the end of each batch of commands; allocates nothing. Logic with no such table reports nothing (this default).
     */
    default void countEvictions(final EvictionCounts counts)
    {
    }

    /**
     * Replaces the whole state with a snapshot's, as written when a {@code TakeSnapshot} was applied.
     *
     * @return the engine sequence the snapshot was taken at.
     * @throws StateFormatException if the snapshot cannot be read back; so does logic that keeps no
     *                              snapshots (this default), and its shard recovers by replaying
     *                              its whole journal instead.
     */
    default long restore(final DirectBuffer state, final int offset, final int length)
    {
        throw new StateFormatException(getClass().getSimpleName() + " does not restore snapshots");
    }
}
