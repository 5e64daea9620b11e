package io.hotpath.core.shard;

import org.agrona.DirectBuffer;

/**
 * How a replicated shard's commands reach its followers before their results leave: the replicator stage of the ring.
 *
 * <pre>
 *                     +--> JournalHandler -----------------------------------+
 *   publish --> ring                                                         +--> EgressHandler: awaitAcknowledged
 *                     +--> DecisionHandler --> ReplicatorHandler: replicate --+
 * </pre>
 *
 * The replicator follows the logic, not the journal, so that each command travels with the checksum of its result and a
 * follower checks every result it reaches, not only a periodic state hash. Each method is called by one thread only:
 * {@link #admits()} by publishers, {@link #replicate} and {@link #endOfBatch()} by the replicator thread,
 * {@link #awaitAcknowledged} by the egress thread.
 */
public interface Replication
{
    /**
     * @return false when the shard must take no new command: too few followers answer and the policy is to refuse.
     */
    boolean admits();

    /**
     * Hands one decided command to the followers, as it is journaled.
     *
     * @param engineSequence the command's engine sequence.
     * @param command        the command bytes.
     * @param result         the result the logic wrote for it.
     */
    void replicate(long engineSequence, DirectBuffer command, int commandLength, DirectBuffer result, int resultLength);

    /**
     * Ends a batch: what {@link #replicate} gathered leaves now.
     */
    void endOfBatch();

    /**
     * Waits until enough followers hold the command at {@code engineSequence}, within the policy's bound.
     *
     * @return true to release the result as it is; false to answer that the command was not acknowledged by enough
     *         followers (its outcome is then unknown to the caller, who retries under the same idempotency key).
     */
    boolean awaitAcknowledged(long engineSequence);
}
